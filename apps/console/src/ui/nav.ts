import type { RouteObject } from 'react-router';
import type { Role } from '../auth/session';

/** A link in the main menu, shown to the roles that can use it. `label` is an i18n key, `namespace:key`. */
export interface NavItem {
  to: string;
  label: string;
  roles: Role[];
}

/** What each feature adds to the console: its screens and its menu links. */
export interface Feature {
  routes: RouteObject[];
  nav: NavItem[];
}
