'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Field } from '@/app/_components/field';
import { errorMessage, fieldErrors, useTRPC } from '@/app/_trpc/client';
import { PASSWORD_POLICY } from '@/server/contracts/auth';

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [signInError, setSignInError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { name: text(form, 'name'), email: text(form, 'email'), password: text(form, 'password') };
    const created = await signUp.mutateAsync(input).catch(() => null);
    if (!created) return;
    const result = await signIn('credentials', { redirect: false, email: input.email, password: input.password });
    if (!result || result.error) {
      setSignInError('Your account was created, but signing in failed. Try signing in.');
      return;
    }
    router.replace(`/${created.orgSlug}`);
    router.refresh();
  }

  const errors = fieldErrors(signUp.error);
  const formError = signUp.error && !Object.keys(errors).length ? errorMessage(signUp.error) : signInError;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Create account">
      <h1>Create your account</h1>
      {formError && <div role="alert" className="alert">{formError}</div>}
      <Field label="Name" name="name" autoComplete="name" required autoFocus errors={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_POLICY} errors={errors.password} />
      <button className="btn btn-primary btn-block" type="submit" disabled={signUp.isPending}>
        {signUp.isPending ? 'Creating account…' : 'Create account'}
      </button>
      <p className="muted" style={{ marginTop: 16 }}>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}
