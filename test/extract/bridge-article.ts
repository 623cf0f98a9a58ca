// A fictional article for the tagger tests: direct and indirect speech, belief, an "according to", a pronoun.
export const BRIDGE_PARAGRAPHS = [
  'Mayor Lina Varsk said on Tuesday that the harbour bridge would reopen in May, but engineers were less sure.',
  '"We have checked every cable twice," Varsk told reporters. "The bridge is safe."',
  'Harbour engineer Tomas Ilves believes the repairs will take until the autumn, according to a union bulletin.',
  'Residents think the closure has cost local shops dearly, and a council survey found that most want a ferry instead.',
  'He added that the council had not yet decided.',
];
