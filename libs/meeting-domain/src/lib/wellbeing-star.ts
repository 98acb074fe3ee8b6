/**
 * The Wellbeing Star (Hyvinvoinnin tähti, THL working paper 26/2017) as configuration: areas and scale carry a
 * version, recorded with every rating, so ratings made under different versions stay comparable and replayable.
 */
export interface WellbeingStarConfig {
  version: string;
  scale: { min: number; max: number };
  areas: Array<{ key: string; fi: string; sv: string; en: string }>;
}

export const WELLBEING_STAR_CONFIGS: Record<string, WellbeingStarConfig> = {
  'thl-2017-1': {
    version: 'thl-2017-1',
    scale: { min: 1, max: 5 },
    areas: [
      { key: 'health-growth-development', fi: 'Lapsen terveys, kasvu ja kehitys', sv: 'Barnets hälsa, tillväxt och utveckling', en: "Child's health, growth and development" },
      { key: 'relationships-safety', fi: 'Lapsen kokemus ihmissuhteista ja turvallisuudesta', sv: 'Barnets upplevelse av relationer och trygghet', en: "Child's experience of relationships and safety" },
      { key: 'parenting', fi: 'Vanhemmuus ja suhde lapseen', sv: 'Föräldraskapet och relationen till barnet', en: 'Acting as a parent and the relation to the child' },
      { key: 'self-view', fi: 'Lapsen näkemys itsestään', sv: 'Barnets syn på sig själv', en: "Child's view of themself" },
      { key: 'everyday-arenas', fi: 'Lapsen kokemus perheestä, päivähoidosta, koulusta, vapaa-ajasta ja ystävistä', sv: 'Barnets upplevelse av familj, dagvård, skola, fritid och vänner', en: "Child's experience of family, daycare, school, free time, friends" },
      { key: 'social-wellbeing', fi: 'Sosiaalinen hyvinvointi: perhe ja ympäristö', sv: 'Social välfärd: familj och omgivning', en: 'Social wellbeing: family and environment' },
    ],
  },
};
