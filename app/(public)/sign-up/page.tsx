import { SignUpForm } from '@/app/_features/auth/sign-up-form';

export default function SignUpPage() {
  return <SignUpForm />;
}
