/** The roles of DOMAIN.md § Users. */
export const ROLES = ['finance', 'project-lead', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  readonly id: string;
  readonly role: Role;
}

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
