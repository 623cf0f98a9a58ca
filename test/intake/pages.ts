// News pages written for these tests (invented outlets, people and events; no third-party text), each
// with the metadata style a real site uses: JSON-LD, Open Graph only, nothing at all, a paywall teaser.

export const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CHROME_TOP = `<header class="site-header"><a href="/">Home</a> <nav><a href="/world">World</a> <a href="/politics">Politics</a> <a href="/subscribe">Subscribe</a></nav></header>`;
const CHROME_BOTTOM = `<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Weather warning for the coast</a></li><li><a href="/b">Ferry timetable changes</a></li></ul></aside>
<footer><p>© Harbour Media Group. All rights reserved.</p><p><a href="/privacy">Privacy</a> · <a href="/cookies">Cookies</a></p></footer>`;

export const NORDIC = {
  headline: 'Nordic ministers back air policing plan for Ukraine',
  outlet: 'Harbour Post',
  published: '2025-10-02',
  canonical: 'https://news.test/world/2025/10/02/nordic-air-policing-ukraine',
  paragraphs: [
    'Defence ministers from the Nordic countries said on Thursday that they were ready to help police the skies over western Ukraine once a ceasefire is in place, a step they described as the most practical form of security guarantee on offer.',
    '“Aircraft can be in the air within weeks, soldiers on the ground would take months,” Norwegian Defence Minister Lars Haugen told reporters after the meeting in Bodø. “We should offer what we can deliver.”',
    'Swedish Foreign Minister Ebba Lindqvist said the plan would need American intelligence and refuelling support to be credible.',
    '“Nobody in this room believes Europe can do this entirely alone,” Lindqvist said. “But we can carry most of the weight.”',
    'Haugen added that the ministers would present the proposal to the coalition of the willing at its next meeting in London.',
  ],
};

export const VISTULA = {
  title: 'Adviser rules out Polish troops without a US backstop',
  siteName: 'Vistula Daily',
  published: '2025-09-18T07:45:00+02:00',
  url: 'https://vistuladaily.example/politics/adviser-troops-backstop',
  paragraphs: [
    'Poland will not send soldiers to Ukraine as part of a reassurance force unless the United States commits to backing it, a senior adviser to the Polish president said on Wednesday.',
    '“Our army is the shield of the eastern flank, and a shield cannot be in two places at once,” Tomasz Wrona, an adviser to the Polish president, said in an interview with the broadcaster Radio Mazowsze.',
    'Wrona said Warsaw would instead offer logistics hubs, training grounds and repair workshops on Polish territory.',
    '“We will be the rear of any mission, and the best rear it could have,” he said.',
  ],
};

export const BARE = {
  title: 'Irish minister says neutrality does not rule out demining',
  paragraphs: [
    'Ireland could send specialists to clear mines in Ukraine after a ceasefire without breaking with its policy of military neutrality, the country’s foreign minister said on Tuesday.',
    '“Clearing a field so that a farmer can plant it again is not taking sides in a war,” Irish Foreign Minister Niamh Byrne said at a press conference in Dublin.',
    'Byrne said the government would ask parliament to approve the deployment of up to forty engineers.',
    '“We have done this work in Lebanon and in the Balkans, and we can do it again,” she said.',
  ],
};

export function jsonLdPage(): string {
  const graph = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'Organization', '@id': 'https://news.test/#org', name: NORDIC.outlet },
      { '@type': 'WebPage', '@id': NORDIC.canonical, name: `${NORDIC.headline} | ${NORDIC.outlet}` },
      {
        '@type': 'NewsArticle',
        headline: NORDIC.headline,
        datePublished: `${NORDIC.published}T09:12:00+02:00`,
        dateModified: `${NORDIC.published}T11:40:00+02:00`,
        author: [
          { '@type': 'Person', name: 'Kari Nordstrand' },
          { '@type': 'Person', name: 'Olle Berg' },
        ],
        publisher: { '@id': 'https://news.test/#org' },
        mainEntityOfPage: { '@id': NORDIC.canonical },
        inLanguage: 'en-GB',
      },
    ],
  };
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>${esc(NORDIC.headline)} | ${esc(NORDIC.outlet)}</title>
<meta property="og:title" content="Nordics ready to police Ukraine's skies">
<meta property="og:site_name" content="The Harbour Post Online">
<script type="application/ld+json">{ this is not json }</script>
<script type="application/ld+json">${JSON.stringify(graph)}</script>
<script>window.dataLayer = [{"page":"article"}];</script>
</head><body>
${CHROME_TOP}
<main><article>
<h1>${esc(NORDIC.headline)}</h1>
<p class="byline">By Kari Nordstrand and Olle Berg · <time datetime="${NORDIC.published}T09:12:00+02:00">2 October 2025</time></p>
<figure><img src="/img/jets.jpg" alt="Jets"><figcaption>Fighter jets at an air base. Photo: Harbour Post</figcaption></figure>
<div class="article-body">
${NORDIC.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</div>
<div class="newsletter"><button>Sign up for our newsletter</button></div>
</article></main>
${CHROME_BOTTOM}
</body></html>`;
}

export function openGraphPage(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8">
<title>${esc(VISTULA.title)} – ${esc(VISTULA.siteName)}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="${esc(VISTULA.title)}">
<meta property="og:site_name" content="${esc(VISTULA.siteName)}">
<meta property="og:url" content="${VISTULA.url}">
<meta property="og:locale" content="en_US">
<meta property="article:published_time" content="${VISTULA.published}">
<meta property="article:author" content="https://vistuladaily.example/authors/ewa-lis">
</head><body>
<div id="top">${CHROME_TOP}</div>
<div class="content"><div class="story">
<h1 class="story-title">${esc(VISTULA.title)}</h1>
${VISTULA.paragraphs.map((p, i) => `<p>${esc(p)}</p>${i === 1 ? '<div class="ad">Advertisement</div>' : ''}`).join('\n')}
</div></div>
${CHROME_BOTTOM}
</body></html>`;
}

export function barePage(): string {
  return `<html><head><title>${esc(BARE.title)}</title></head><body>
<div class="wrap"><div class="main">
<h1>${esc(BARE.title)}</h1>
${BARE.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</div></div></body></html>`;
}

export function paywallPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Inside the talks on a ceasefire line | Harbour Post</title>
<meta property="og:title" content="Inside the talks on a ceasefire line">
<meta property="og:site_name" content="Harbour Post">
<meta property="article:published_time" content="2025-10-05T06:00:00Z">
</head><body>${CHROME_TOP}
<article><h1>Inside the talks on a ceasefire line</h1>
<p>Negotiators spent three nights arguing over a single map.</p>
<div class="paywall"><h2>Subscribe to keep reading</h2><p>Get unlimited access for €1 a month.</p><button>Subscribe</button></div>
</article>${CHROME_BOTTOM}</body></html>`;
}

export const LATVIA_TEXT = `Latvian prime minister calls for radar chain along the border

Latvia wants a continuous chain of radars from the Gulf of Finland to the Black Sea before any peacekeeping mission starts, Prime Minister Ilze Ozola said on Monday.

"A mission that cannot see what is coming is a mission that will be surprised," Ozola told a conference of regional governors in Riga.

She said the radar chain could be paid for from the joint European defence fund and built within two years.

"Every country on the eastern flank has a piece of this picture already; we only need to join the pieces," Ozola said.
`;

export const DENMARK_MD = `# Danish minister offers naval mine-clearing in the Black Sea

*Copenhagen, 12 September 2025*

Denmark is prepared to lead a **naval mine-clearing group** in the Black Sea once the fighting stops, Danish Defence Minister Mikkel Holm said on Friday.

> "Grain ships need clear water, and clear water needs minehunters," Holm said at the naval base in Frederikshavn.

Holm said two Danish minehunters and a support ship could be ready within three months of a ceasefire. He added that Romania, Bulgaria and Türkiye would need to agree to the mission.

"We will not sail into anyone's waters uninvited," Holm said.
`;
