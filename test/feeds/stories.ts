// Articles written for these tests: invented outlets, people and events (no third-party text).
import type { SiteArticle } from './feed-site.ts';

export const BASELINE: SiteArticle = {
  slug: 'ministers-meet-in-turku',
  title: 'Ministers meet in Turku to plan a ceasefire monitoring mission',
  outlet: 'Lakeside Courier',
  published: '2025-09-29',
  paragraphs: [
    'Defence ministers from six countries met in Turku on Monday to discuss how a ceasefire in Ukraine could be monitored from the air and at sea, the first such meeting since the summer.',
    '“Monitoring is not a favour we do for one side, it is the condition for any agreement to hold,” Defence Minister Ilse Korhonen told reporters after the talks.',
    'Admiral Tomas Berg, who commands the joint naval staff, said the mission would need at least a dozen patrol vessels to cover the western coast.',
    '“We can start with what we have and grow the fleet as the mission grows,” Berg said.',
  ],
};

export const ATOM_BASELINE: SiteArticle = {
  slug: 'fjord-radar-network',
  title: 'Coastal radar network offered to the coalition',
  outlet: 'Fjord Gazette',
  published: '2025-09-30',
  paragraphs: [
    'A network of coastal radars built for fisheries protection could be lent to the coalition supporting Ukraine, officials in Bergen said on Tuesday, in a proposal that surprised several allies.',
    '“These radars were paid for to watch trawlers, and they can watch warships just as well,” Foreign Minister Aino Lindholm said at a press conference in Bergen.',
    'Lindholm said the government would present the offer formally at the next meeting of the coalition of the willing.',
    '“Nobody should read this as a promise of soldiers,” she said.',
  ],
};

export const KORHONEN_WINTER: SiteArticle = {
  slug: 'korhonen-winter-patrols',
  title: 'Korhonen promises winter patrols over the Black Sea coast',
  outlet: 'Lakeside Courier',
  published: '2025-10-02',
  paragraphs: [
    'Defence Minister Ilse Korhonen said on Thursday that aircraft from the monitoring mission would keep flying over the Black Sea coast through the winter, whatever the weather.',
    '“Ice on the wings is an engineering problem, and we have engineers,” Korhonen told reporters in Helsinki.',
    '“If the guarantees mean anything, they mean being there in January,” Korhonen said.',
    'Admiral Tomas Berg said the navy would add two more patrol vessels to the mission before the end of the year.',
    '“The ships are ready, the crews are ready, the paperwork is not,” Berg said.',
  ],
};

export const GAZETTE_ECHO: SiteArticle = {
  slug: 'gazette-korhonen-interview',
  title: 'Korhonen: the mission will not wait for spring',
  outlet: 'Fjord Gazette',
  published: '2025-10-02',
  paragraphs: [
    'The defence minister who leads the monitoring mission said on Thursday that its aircraft would keep flying over the Black Sea coast through the winter, repeating a pledge she first made in Helsinki.',
    '“Ice on the wings is an engineering problem, and we have engineers,” Defence Minister Ilse Korhonen told the Fjord Gazette.',
    '“Our pilots trained in the Arctic, so the Black Sea in February holds no surprises for them,” Korhonen said.',
    'She said the mission would publish a monthly report on every violation it observed.',
  ],
};
