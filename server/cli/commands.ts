import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { ZOrgRoleSchema } from '../contracts/org';
import { signUp } from '../domain/accounts/sign-up';
import { rotateReidentificationKey } from '../domain/ingest/reidentification';
import { listAllOrgs, orgExists, setMembershipByEmail } from '../domain/orgs/admin';
import { notFound } from '../errors/domain-error';
import { agreement } from './agreement';
import { exportCommand } from './export';
import { importCommand } from './import';
import { modelEval } from './model';
import { table, UsageError } from './output';

export interface Command {
  usage: string;
  /** Whether the command needs the database (opened before it runs). */
  database?: boolean;
  summary: string;
  run(args: string[], out: (s: string) => void): Promise<void>;
}

const usersCreate: Command = {
  database: true,
  usage: 'users create --email <email> --name <name> [--password <pw>] [--org <slug> --role OWNER|ADMIN|MEMBER] [--json]',
  summary: 'create a user (with a personal organization); without --password one is generated and printed',
  async run(args, out) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.email || !values.name) throw new UsageError('users create needs --email and --name');
    if (Boolean(values.org) !== Boolean(values.role)) throw new UsageError('--org and --role go together');
    const role = values.role ? ZOrgRoleSchema.safeParse(values.role.toUpperCase()) : null;
    if (role && !role.success) throw new UsageError('--role must be OWNER, ADMIN or MEMBER');
    if (values.org && !(await orgExists(values.org))) throw notFound('Organization');
    const password = values.password ?? crypto.randomBytes(12).toString('base64url');
    const created = await signUp({ email: values.email, name: values.name, password });
    const membership = values.org && role?.success ? await setMembershipByEmail(values.email.toLowerCase(), values.org, role.data) : null;
    const result = { userId: created.userId, email: values.email.toLowerCase(), personalOrg: created.orgSlug, ...(membership ? { org: membership.orgSlug, role: membership.role } : {}), ...(values.password ? {} : { password }) };
    out(values.json ? JSON.stringify(result) : Object.entries(result).map(([k, v]) => `${k}: ${v}`).join('\n'));
  },
};

const orgsList: Command = {
  database: true,
  usage: 'orgs list [--json]',
  summary: 'list every organization with its member count',
  async run(args, out) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
    const orgs = await listAllOrgs();
    out(values.json ? JSON.stringify(orgs) : orgs.length ? table(orgs, ['slug', 'name', 'members', 'personal', 'createdAt']) : 'No organizations yet.');
  },
};

const reidRotate: Command = {
  database: true,
  usage: 'reid rotate [--json]',
  summary: 're-seal re-identification records sealed with a key in CONCORD_REID_OLD_KEYS with CONCORD_REID_KEY; then the old key can go',
  async run(args, out) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
    const report = await rotateReidentificationKey();
    if (values.json) return out(JSON.stringify(report));
    out(`re-sealed: ${report.resealed}\nalready on the current key: ${report.current}\nunreadable with every key given: ${report.unreadable.length}`);
    if (report.unreadable.length) out(table(report.unreadable.slice(0, 50), ['projectId', 'studyInstanceUid']));
  },
};

export const COMMANDS: Record<string, Command> = {
  agreement,
  import: importCommand,
  export: exportCommand,
  'model eval': modelEval,
  'users create': usersCreate,
  'orgs list': orgsList,
  'reid rotate': reidRotate,
};
