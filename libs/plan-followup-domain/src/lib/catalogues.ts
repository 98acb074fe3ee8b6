/**
 * Services a family can be referred to for stronger support; `requiresConsent` where the law asks for it.
 * `organisation` and `sector` are how the family's consent names the receiving service (a scope of kind
 * organisation or sector): a referral on the basis of consent cites a consent in force that covers one of them.
 */
export const SERVICE_CATALOGUE = [
  { id: 'social-care-needs-assessment', fi: 'Sosiaalihuollon palvelutarpeen arviointi', en: 'Service-needs assessment in social care', requiresConsent: false, organisation: 'Social services', sector: 'social work' },
  { id: 'family-social-work', fi: 'Perhesosiaalityö', en: 'Family social work', requiresConsent: true, organisation: 'Social services', sector: 'family social work' },
  { id: 'family-counselling', fi: 'Perheneuvola', en: 'Family counselling', requiresConsent: true, organisation: 'Family counselling', sector: 'family counselling' },
  { id: 'child-youth-mental-health', fi: 'Lasten ja nuorten mielenterveyspalvelut', en: 'Child and youth mental-health services', requiresConsent: true, organisation: 'Child and youth psychiatry', sector: 'child and youth mental health' },
  { id: 'substance-services', fi: 'Päihdepalvelut', en: 'Substance-abuse services', requiresConsent: true, organisation: 'Substance-abuse services', sector: 'substance-abuse services' },
] as const;
export type ServiceId = (typeof SERVICE_CATALOGUE)[number]['id'];

/** The family's feedback form at the last meeting: items and scale are versioned like the Wellbeing Star. */
export const FEEDBACK_FORMS: Record<string, { version: string; scale: { min: number; max: number }; items: Array<{ key: string; fi: string; en: string }> }> = {
  'kangasala-2024-1': {
    version: 'kangasala-2024-1',
    scale: { min: 1, max: 5 },
    items: [
      { key: 'heard', fi: 'Tulimme kuulluiksi', en: 'We were heard' },
      { key: 'helped', fi: 'Saimme apua', en: 'We got help' },
      { key: 'plan-useful', fi: 'Yhteinen suunnitelma oli hyödyllinen', en: 'The joint plan was useful' },
    ],
  },
};
