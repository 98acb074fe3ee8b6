/**
 * The services a worker contacts in zone 2, together with the family or with its permission (seed 000: "tarvittaessa
 * otamme asiakkaan kanssa yhteyttä alueelle nimettyjen ja/tai perheellä jo olemassa oleviin palvelutoimijoihin"):
 * the kinds the seed names, and `other` with its name. Data only, so it can move to reference data as it is.
 */
const ZONE_2_SERVICE_KINDS = [
  {
    key: 'maternity-and-child-health-clinic',
    fi: 'Äitiys- ja lastenneuvola',
    sv: 'Mödra- och barnrådgivning',
    en: 'Maternity and child health clinic',
  },
  {
    key: 'under-school-age-rehabilitation',
    fi: 'Alle kouluikäisen kuntoutus',
    sv: 'Rehabilitering för barn under skolåldern',
    en: 'Rehabilitation of children under school age',
  },
  { key: 'family-counselling', fi: 'Perheneuvola', sv: 'Familjerådgivning', en: 'Family counselling' },
  {
    key: 'family-social-work-or-child-protection',
    fi: 'Perhesosiaalityö, lastensuojelu',
    sv: 'Socialt arbete med familjer, barnskydd',
    en: 'Family social work, child protection',
  },
  {
    key: 'day-care-or-special-day-care',
    fi: 'Päivähoito, erityispäivähoidon resurssikeskus',
    sv: 'Dagvård, resurscentrum för specialdagvård',
    en: 'Day care, special day care resource centre',
  },
  { key: 'mental-health-unit', fi: 'Mielenterveysyksikkö', sv: 'Enhet för mental hälsa', en: 'Mental health unit' },
  { key: 'other', fi: 'Muu (nimetty)', sv: 'Annan (namngiven)', en: 'Other (named)' },
] as const;

export type Zone2ServiceKind = (typeof ZONE_2_SERVICE_KINDS)[number]['key'];
export const ZONE_2_SERVICE_KIND_KEYS: readonly Zone2ServiceKind[] = ZONE_2_SERVICE_KINDS.map((k) => k.key);

/** Whether the family already has the service, or it is one named for the area. */
export const SERVICE_RELATIONS = ['family-already-has', 'named-for-area'] as const;
export type ServiceRelation = (typeof SERVICE_RELATIONS)[number];

/** How the family took part: the contact made together with the family, or by the worker with its permission. */
export const CONTACT_WAYS = ['together-with-family', 'with-family-permission'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];
