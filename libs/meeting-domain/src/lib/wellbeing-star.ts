/**
 * The Wellbeing Star (Hyvinvoinnin tähti, THL working paper 26/2017) as configuration: areas, their sub-items and
 * the scale carry a version, recorded with every rating, so ratings made under different versions stay comparable
 * and replayable. Data only: the rules that check a rating against it are in the meeting decider, so the
 * configuration can move to reference data as it is.
 */
export interface WellbeingStarConfig {
  version: string;
  scale: { min: number; max: number };
  areas: Array<WellbeingStarLabel & { subItems?: WellbeingStarLabel[] }>;
}

export interface WellbeingStarLabel {
  key: string;
  fi: string;
  sv: string;
  en: string;
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
  /** The same areas and scale (ratings compare with thl-2017-1 area by area), with the sub-items seed 002 lists. */
  'thl-2017-2': {
    version: 'thl-2017-2',
    scale: { min: 1, max: 5 },
    areas: [
      {
        key: 'health-growth-development',
        fi: 'Lapsen terveys, kasvu ja kehitys',
        sv: 'Barnets hälsa, tillväxt och utveckling',
        en: "Child's health, growth and development",
        subItems: [
          { key: 'child-strengths', fi: 'Lapsen vahvuudet', sv: 'Barnets styrkor', en: "Child's strengths" },
          { key: 'child-functional-capacity', fi: 'Lapsen toimintakyky', sv: 'Barnets funktionsförmåga', en: "Child's functional capacity" },
          { key: 'child-everyday-environments', fi: 'Lapsen omat arjen ympäristöt', sv: 'Barnets egna vardagsmiljöer', en: "Child's own everyday environments" },
        ],
      },
      { key: 'relationships-safety', fi: 'Lapsen kokemus ihmissuhteista ja turvallisuudesta', sv: 'Barnets upplevelse av relationer och trygghet', en: "Child's experience of relationships and safety" },
      {
        key: 'parenting',
        fi: 'Vanhempana toimiminen ja suhde lapseen',
        sv: 'Att vara förälder och relationen till barnet',
        en: 'Acting as a parent and the relation to the child',
        subItems: [
          { key: 'parenting-strengths', fi: 'Vanhemmuuden vahvuudet', sv: 'Föräldraskapets styrkor', en: 'Strengths of parenting' },
          { key: 'parent-functional-capacity', fi: 'Vanhemman toimintakyky', sv: 'Förälderns funktionsförmåga', en: "Parent's functional capacity" },
          { key: 'parent-understands-child', fi: 'Vanhemman kyky ymmärtää lasta', sv: 'Förälderns förmåga att förstå barnet', en: "Parent's ability to understand the child" },
          { key: 'parent-everyday-environments', fi: 'Vanhemman omat arjen ympäristöt', sv: 'Förälderns egna vardagsmiljöer', en: "Parent's own everyday environments" },
        ],
      },
      { key: 'self-view', fi: 'Lapsen käsitys itsestään', sv: 'Barnets syn på sig själv', en: "Child's view of themself" },
      { key: 'everyday-arenas', fi: 'Lapsen kokemus perheestä, päiväkodista, koulusta, vapaa-ajasta, ystävistä', sv: 'Barnets upplevelse av familj, daghem, skola, fritid och vänner', en: "Child's experience of family, daycare, school, free time, friends" },
      {
        key: 'social-wellbeing',
        fi: 'Sosiaalinen hyvinvointi: perhe ja ympäristötekijät',
        sv: 'Social välfärd: familj och omgivning',
        en: 'Social wellbeing: family and environment',
        subItems: [
          { key: 'family-circumstances-networks', fi: 'Perheen olosuhteet ja verkostot', sv: 'Familjens förhållanden och nätverk', en: "The family's circumstances and networks" },
          { key: 'family-history', fi: 'Perheen historia', sv: 'Familjens historia', en: "The family's history" },
          { key: 'services', fi: 'Palvelut', sv: 'Tjänster', en: 'Services' },
        ],
      },
    ],
  },
};
