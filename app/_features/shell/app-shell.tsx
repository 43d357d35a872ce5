'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { clearLocalDocuments } from '../reading/use-annotation-doc';
import type { ReactNode } from 'react';
import { Brand } from '@/app/_components/brand';
import type { TOrgSummary, TUser } from '@/server/contracts';

interface AppShellProps {
  user: TUser;
  orgs: TOrgSummary[];
  current: TOrgSummary;
  children: ReactNode;
}

export function AppShell({ user, orgs, current, children }: AppShellProps) {
  const router = useRouter();
  const pathname = usePathname();
  const nav = [
    { href: `/${current.slug}`, label: 'Projects' },
    { href: `/${current.slug}/worklist`, label: 'My worklist' },
    ...(current.role === 'MEMBER' ? [] : [{ href: `/${current.slug}/members`, label: 'Members' }, { href: `/${current.slug}/audit`, label: 'Audit trail' }]),
  ];

  async function onSignOut() {
    // Shared reading-room workstations: no annotation copies or cached pixels stay behind.
    await clearLocalDocuments();
    await signOut({ redirect: false });
    // A full page load, so images held in memory by the viewer are dropped as well.
    window.location.assign('/sign-in');
  }

  return (
    <div className="shell">
      <header className="topbar">
        <Brand />
        <label className="sr-only" htmlFor="org-switcher">Organization</label>
        <select id="org-switcher" aria-label="Organization" value={current.slug} onChange={(e) => router.push(`/${e.target.value}`)}>
          {orgs.map((o) => (
            <option key={o.id} value={o.slug}>{o.name}</option>
          ))}
        </select>
        <span className="spacer" />
        <span className="user" title={user.email}>{user.name}</span>
        <button className="btn" onClick={() => void onSignOut()}>Sign out</button>
      </header>
      <nav className="sidenav" aria-label="Sections">
        {/* Not prefetched: on a case's page those requests competed with the viewer's first image. */}
        {nav.map((n) => (
          <Link key={n.href} href={n.href} prefetch={false} aria-current={pathname === n.href || (n.label === 'Projects' && pathname.startsWith(`${n.href}/projects`)) ? 'page' : undefined}>{n.label}</Link>
        ))}
      </nav>
      <main className="main">{children}</main>
    </div>
  );
}
