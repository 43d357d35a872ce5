import { SignInForm } from '@/app/_features/auth/sign-in-form';
import { serverCaller } from '@/app/_trpc/server';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; next?: string }> }) {
  const [{ error, next }, caller] = await Promise.all([searchParams, serverCaller()]);
  const providers = await caller.auth.providers();
  return <SignInForm oidcName={providers.oidcName} initialError={error} next={next} />;
}
