/**
 * A professional as the staff directory knows them. The directory id is the only identity a consent's person
 * scope, an invitation, an attendee or a responsible worker names; organisation and sector come from the
 * directory, never from what a caller says.
 */
export interface DirectoryEntry {
  id: string;
  name: string;
  organisation: string;
  sector: string;
  team?: string;
  /** Works in a public service (decided by the directory from the sector): only they may be a responsible worker. */
  publicService: boolean;
}
