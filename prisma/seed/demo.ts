import { createOrg, createUser } from './factories';

/** The demo password: printed at start, for the embedded demo only (never seeded against DATABASE_URL unless asked). */
export const DEMO_PASSWORD = 'concord-demo-2026';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

const ACCOUNTS = [
  { key: 'owner', name: 'Olivia Owner', role: 'OWNER' },
  { key: 'admin', name: 'Adam Admin', role: 'ADMIN' },
  { key: 'member', name: 'Mia Member', role: 'MEMBER' },
] as const;

/** Seeds "Demo Hospital" and "Demo Research Lab" with one account per org role. Idempotent. */
export async function seedDemo(): Promise<DemoLogin[]> {
  const users = Object.fromEntries(
    await Promise.all(
      ACCOUNTS.map(async (a) => [a.key, await createUser({ email: `${a.key}@demo-hospital.example`, name: a.name, password: DEMO_PASSWORD })] as const),
    ),
  );
  await createOrg({
    slug: 'demo-hospital',
    name: 'Demo Hospital',
    members: ACCOUNTS.map((a) => ({ user: users[a.key]!, role: a.role })),
  });
  // A second organization, so switching organizations can be tried.
  await createOrg({
    slug: 'demo-research-lab',
    name: 'Demo Research Lab',
    members: [
      { user: users.admin!, role: 'OWNER' },
      { user: users.owner!, role: 'MEMBER' },
    ],
  });
  return ACCOUNTS.map((a) => ({ role: a.role, email: users[a.key]!.email, password: DEMO_PASSWORD }));
}
