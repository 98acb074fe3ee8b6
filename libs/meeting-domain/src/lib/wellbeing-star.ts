/**
 * The Wellbeing Star (Hyvinvoinnin tähti, THL working paper 26/2017) as configuration: areas, their sub-items and
 * the scale carry a version, recorded with every rating, so ratings made under different versions stay comparable
 * and replayable. The versions are reference data (`@perheverkko/reference-data`, GET /wellbeing-star/configs);
 * the rules that check a rating against its version are in the meeting decider, which is handed the version's
 * configuration with the command.
 */
export type { Label as WellbeingStarLabel, WellbeingStarConfig } from '@perheverkko/reference-data';
