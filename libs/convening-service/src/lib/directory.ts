import type { Invitee } from '@perheverkko/convening-domain';

/**
 * The professionals the convener can invite, by sector: the family-centre team and the area's named services.
 * A seed for the demo and the tests; in a county it is read from its staff directory.
 */
export const DIRECTORY: ReadonlyArray<Required<Pick<Invitee, 'id' | 'name' | 'organisation' | 'sector'>> & { team?: string }> = [
  { id: 'demo-olli', name: 'Olli Opettaja', organisation: 'Kangasala school', sector: 'school' },
  { id: 'dir-kuraattori', name: 'Kaija Kuraattori', organisation: 'Kangasala school', sector: 'school social work' },
  { id: 'dir-perhetyo', name: 'Pirjo Perhetyöntekijä', organisation: 'Family work', sector: 'family work', team: 'family-centre team' },
  { id: 'dir-perheneuvola', name: 'Paavo Psykologi', organisation: 'Family counselling', sector: 'family counselling', team: 'family-centre team' },
  { id: 'dir-varhaiskasvatus', name: 'Veera Varhaiskasvattaja', organisation: 'Päiväkoti Satakieli', sector: 'early childhood education' },
  { id: 'demo-terhi', name: 'Terhi Terveydenhoitaja', organisation: 'Kangasala child health clinic', sector: 'child health clinic', team: 'family-centre team' },
];
