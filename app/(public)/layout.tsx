import type { ReactNode } from 'react';
import { Brand } from '@/app/_components/brand';

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <main className="public">
      <div className="card">
        <Brand />
        {children}
      </div>
    </main>
  );
}
