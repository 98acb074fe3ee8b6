/** The roles of DOMAIN.md's users; what each may see is decided per endpoint and per case. */
const ROLES = ['professional', 'coordinator', 'auditor', 'analyst', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. */
export interface AuthenticatedUser {
  id: string;
  name: string;
  roles: Role[];
  organisation: string;
  /** e.g. "child health clinic", "school", "family work" */
  sector?: string;
  /** A coordinator's organisations: the cases they organise are the coordinator's to answer for (default: `organisation`). */
  coordinates?: string[];
}

export function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}

/** The token of an `Authorization: Bearer <token>` header; the scheme's name is case-insensitive (RFC 9110 §11.1). */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  const token = /^bearer (.*)$/is.exec(authorization ?? '')?.[1].trim();
  return token || undefined;
}
