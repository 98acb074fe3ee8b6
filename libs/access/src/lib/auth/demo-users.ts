import type { AuthenticatedUser } from '@perheverkko/http';

/**
 * Users of the built-in demo issuer, so that `npm start` is usable without an identity provider. Documented in
 * the README; never active when OIDC_ISSUER points at a real issuer.
 */
export const DEMO_USERS: ReadonlyArray<AuthenticatedUser & { username: string; password: string }> = [
  {
    username: 'terhi',
    password: 'demo-terhi',
    id: 'demo-terhi',
    name: 'Terhi Terveydenhoitaja',
    roles: ['professional'],
    organisation: 'Kangasala child health clinic',
    sector: 'child health clinic',
  },
  {
    username: 'olli',
    password: 'demo-olli',
    id: 'demo-olli',
    name: 'Olli Opettaja',
    roles: ['professional'],
    organisation: 'Kangasala school',
    sector: 'school',
  },
  {
    username: 'kaisa',
    password: 'demo-kaisa',
    id: 'demo-kaisa',
    name: 'Kaisa Koordinaattori',
    roles: ['coordinator'],
    organisation: 'Family centre',
    sector: 'family centre',
    coordinates: ['Family centre', 'Kangasala family centre', 'Kangasala child health clinic', 'Kangasala school'],
  },
  {
    username: 'aino',
    password: 'demo-aino',
    id: 'demo-aino',
    name: 'Aino Auditoija',
    roles: ['auditor'],
    organisation: 'Wellbeing services county',
    sector: 'administration',
  },
  {
    username: 'antti',
    password: 'demo-antti',
    id: 'demo-antti',
    name: 'Antti Analyytikko',
    roles: ['analyst'],
    organisation: 'Wellbeing services county',
    sector: 'administration',
  },
  {
    username: 'pekka',
    password: 'demo-pekka',
    id: 'demo-pekka',
    name: 'Pekka Pääkäyttäjä',
    roles: ['administrator'],
    organisation: 'Wellbeing services county IT',
    sector: 'administration',
  },
];
