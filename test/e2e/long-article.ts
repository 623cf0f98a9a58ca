// Our own long article (generated, not news): one speaker with many long quotes, an over-long title, so that
// a page of statements must be cut to Discord's limits.
const SENTENCES = [
  'Every partner has to know exactly which unit stands where and under whose command',
  'We will not send anyone without a mandate that parliament has debated in the open',
  'The logistics of a multinational force take months to prepare and years to sustain',
  'Our soldiers train for this mission every week, in snow and in mud, with our allies',
  'Guarantees written on paper mean little unless someone is ready to honour them',
  'The coalition of the willing must decide on its rules of engagement before it deploys',
];

function paragraph(n: number, length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${SENTENCES[(n + i) % SENTENCES.length]} in sector ${n * 100 + i}. `;
  return `${text.trim().slice(0, -1)},`;
}

export const LONG_TITLE = `${'A very long headline about a reassurance force and who would lead it, '.repeat(5)}the end`;

export function longArticle(quotes = 12, quoteLength = 900, giant = 4_600): string {
  const body = [
    'Czech Foreign Minister Lena Moravec said on Monday that a reassurance force for Ukraine needs a mandate.',
    `"${paragraph(0, giant)}" Moravec said.`,
    ...Array.from({ length: quotes }, (_, i) => `"${paragraph(i + 1, quoteLength)}" Moravec told reporters in Prague.`),
  ];
  return `---\ntitle: "${LONG_TITLE}"\noutlet: Test Wire\nurl: https://news.example.org/long\npublished: 2025-09-15\nlanguage: en\n---\n\n${body.join('\n\n')}\n`;
}

const SURNAMES = [
  'Abelson',
  'Brandt',
  'Carvalho',
  'Dumont',
  'Eklund',
  'Fischer',
  'Galli',
  'Horvath',
  'Ilves',
  'Jansen',
  'Kowalski',
  'Lindgren',
  'Marino',
  'Novak',
  'Olsen',
  'Petrov',
  'Quist',
  'Rossi',
  'Silva',
  'Tamm',
  'Urban',
  'Vidal',
  'Weber',
  'Xenakis',
  'Young',
  'Zeman',
  'Aalto',
  'Berg',
  'Costa',
  'Dahl',
];

/** Thirty speakers whose names start alike ("Minister Ana ..."), so autocomplete has more than 25 candidates. */
export function crowdArticle(): string {
  const lines = SURNAMES.map(
    (surname, i) => `Defence Minister Ana ${surname} said that the reassurance force needs ${i + 2} more brigades.`,
  );
  return `---\ntitle: Thirty ministers on the reassurance force\noutlet: Test Wire\npublished: 2025-09-20\nlanguage: en\n---\n\n${lines.join('\n\n')}\n`;
}
