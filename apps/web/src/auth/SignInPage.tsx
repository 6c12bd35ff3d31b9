import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { applyProblemToForm } from '../api/problem';
import { HOME_OF } from '../app/nav';
import { useSession } from './session';

// Plain validators, not zod: the sign-in page is in every first load, so it stays small.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const validate = {
  email: (value: string) => (!value.trim() ? 'Enter your email address' : EMAIL.test(value.trim()) ? null : 'Enter a valid email address'),
  password: (value: string) => (value ? null : 'Enter your password'),
};

export function SignInPage() {
  const { signIn, notice } = useSession();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { redirect?: string };
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate,
    validateInputOnBlur: true,
  });

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    setSubmitting(true);
    try {
      const session = await signIn(values.email.trim(), values.password);
      await navigate({ to: search.redirect ?? HOME_OF[session.user.role], replace: true });
    } catch (error) {
      setFormError(applyProblemToForm(form, error));
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="sign-in-title">
                Sign in to SpiffWorks
              </Title>
              <Text c="dimmed" size="sm">
                Partners, admins and analysts use the same sign-in.
              </Text>
            </div>
            {notice && (
              <Alert color="yellow" role="status" title="Signed out">
                {notice}
              </Alert>
            )}
            <TextInput label="Email" type="email" autoComplete="username" required key={form.key('email')} {...form.getInputProps('email')} />
            <PasswordInput label="Password" autoComplete="current-password" required key={form.key('password')} {...form.getInputProps('password')} />
            {formError && (
              <Alert color="red" role="alert" title="Could not sign in">
                {formError}
              </Alert>
            )}
            <Button type="submit" loading={submitting}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
