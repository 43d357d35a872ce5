'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { path: '', label: 'Cases', roles: ['ADMIN', 'MANAGER', 'LEAD'] },
  { path: '/studies', label: 'Studies', roles: ['ADMIN', 'MANAGER', 'LEAD'] },
  { path: '/progress', label: 'Progress', roles: ['ADMIN', 'MANAGER', 'LEAD'] },
  { path: '/report', label: 'Agreement', roles: ['ADMIN', 'MANAGER', 'LEAD'] },
  { path: '/adjudication', label: 'Adjudication', roles: ['ADMIN', 'MANAGER', 'LEAD'] },
  { path: '/exports', label: 'Exports', roles: ['ADMIN', 'MANAGER'] },
  { path: '/models', label: 'Models', roles: ['ADMIN', 'MANAGER'] },
  { path: '/members', label: 'Readers & leads', roles: ['ADMIN', 'MANAGER', 'LEAD'] },
  { path: '/schema', label: 'Label schema', roles: ['ADMIN', 'MANAGER', 'LEAD', 'READER'] },
  { path: '/settings', label: 'Settings', roles: ['ADMIN', 'MANAGER'] },
];

export function ProjectTabs({ base, role }: { base: string; role: string }) {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="Project sections">
      {TABS.filter((t) => t.roles.includes(role)).map((t) => (
        <Link key={t.path} href={`${base}${t.path}`} aria-current={pathname === `${base}${t.path}` ? 'page' : undefined}>{t.label}</Link>
      ))}
    </nav>
  );
}
