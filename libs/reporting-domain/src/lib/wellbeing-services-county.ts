/**
 * The wellbeing services county (*hyvinvointialue*) a municipality belongs to, for reporting per county.
 *
 * A stand-in until municipalities and counties are reference data (issue 18, item 3: the public classification
 * shipped as a data file, recorded as events): this covers the counties the model's seeds come from (North Savo,
 * Pirkanmaa, South Savo) and the largest cities, and every other name reads `unknown`. Swapping it for the
 * reference data changes only `countyOf`; the annual report's projection bumps its rules version and rebuilds.
 * Helsinki organises the services itself (not a county): it is its own area here, as in the classification.
 */
const COUNTIES: Record<string, readonly string[]> = {
  'Pohjois-Savon hyvinvointialue': [
    'Iisalmi', 'Joroinen', 'Kaavi', 'Keitele', 'Kiuruvesi', 'Kuopio', 'Lapinlahti', 'Leppävirta', 'Pielavesi', 'Rautalampi',
    'Rautavaara', 'Siilinjärvi', 'Sonkajärvi', 'Suonenjoki', 'Tervo', 'Tuusniemi', 'Varkaus', 'Vesanto', 'Vieremä',
  ],
  'Pirkanmaan hyvinvointialue': [
    'Akaa', 'Hämeenkyrö', 'Ikaalinen', 'Juupajoki', 'Kangasala', 'Kihniö', 'Kuhmoinen', 'Lempäälä', 'Mänttä-Vilppula', 'Nokia',
    'Orivesi', 'Parkano', 'Pirkkala', 'Punkalaidun', 'Pälkäne', 'Ruovesi', 'Sastamala', 'Tampere', 'Urjala', 'Valkeakoski',
    'Vesilahti', 'Virrat', 'Ylöjärvi',
  ],
  'Etelä-Savon hyvinvointialue': ['Enonkoski', 'Hirvensalmi', 'Juva', 'Kangasniemi', 'Mikkeli', 'Pieksämäki', 'Puumala', 'Rantasalmi', 'Savonlinna', 'Sulkava'],
  'Helsingin kaupunki': ['Helsinki'],
  'Länsi-Uudenmaan hyvinvointialue': ['Espoo', 'Kauniainen'],
  'Vantaan ja Keravan hyvinvointialue': ['Vantaa', 'Kerava'],
  'Varsinais-Suomen hyvinvointialue': ['Turku'],
  'Pohjois-Pohjanmaan hyvinvointialue': ['Oulu'],
  'Keski-Suomen hyvinvointialue': ['Jyväskylä'],
  'Päijät-Hämeen hyvinvointialue': ['Lahti'],
  'Pohjois-Karjalan hyvinvointialue': ['Joensuu'],
};

const COUNTY_OF = new Map(Object.entries(COUNTIES).flatMap(([county, municipalities]) => municipalities.map((m) => [m.toLocaleLowerCase('fi'), county] as const)));

export const UNKNOWN_COUNTY = 'unknown';

/** The county of a municipality as written in a concern (case and surrounding spaces ignored); `unknown` if not known. */
export function countyOf(municipality: string | null | undefined): string {
  if (!municipality) return UNKNOWN_COUNTY;
  return COUNTY_OF.get(municipality.trim().toLocaleLowerCase('fi')) ?? UNKNOWN_COUNTY;
}
