import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useLocation, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import { ProblemError, applyProblemToForm, unwrap } from '../api/problem';
import { HOME_OF } from '../app/nav';
import { sessionStore } from './session-store';

/** The invite link's token: in the fragment (`/invite#token=…`), which the browser never sends to a server. */
function tokenOf(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && token.length > 0 ? token : null;
}

const validate = {
  password: (value: string) => (value.length < 8 ? 'Use at least 8 characters' : value.length > 128 ? 'Use at most 128 characters' : null),
  confirm: (value: string, values: { password: string }) => (value === values.password ? null : 'The two passwords differ'),
};

/**
 * Accept an invite: a partner user a partner import created opens its link, chooses a password and
 * is signed in; from then on it signs in with its contact email and that password.
 */
export function AcceptInvitePage() {
  const hash = useLocation({ select: (location) => location.hash });
  const navigate = useNavigate();
  const [token] = useState(() => tokenOf(hash));
  const [formError, setFormError] = useState<string | null>(null);
  const [used, setUsed] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({ mode: 'uncontrolled', initialValues: { password: '', confirm: '' }, validate, validateInputOnBlur: true });

  const submit = form.onSubmit(async ({ password }) => {
    if (!token) return;
    setFormError(null);
    setSubmitting(true);
    try {
      const answer = await unwrap(api.POST('/api/auth/invites/accept', { body: { token, password } }));
      const session = sessionStore.signIn(answer.access_token, answer.user);
      await navigate({ to: HOME_OF[session.user.role], replace: true });
    } catch (error) {
      if (error instanceof ProblemError && error.code === 'INVITE_NOT_FOUND') setUsed(true);
      else setFormError(applyProblemToForm(form, error));
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <form onSubmit={submit} noValidate aria-labelledby="invite-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="invite-title">
                Choose your password
              </Title>
              <Text c="dimmed" size="sm">
                Your program admin invited you to SpiffWorks. Choose a password; you then sign in with your contact email.
              </Text>
            </div>
            {!token || used ? (
              <Alert color="red" role="alert" title="This invite link does not work">
                {token ? 'It was already used, or it has expired.' : 'The link is incomplete: open the whole link you were sent.'} Ask your program admin for a new one, or sign in if you already chose a password.
              </Alert>
            ) : (
              <>
                <PasswordInput label="Password" autoComplete="new-password" required key={form.key('password')} {...form.getInputProps('password')} />
                <PasswordInput label="Password again" autoComplete="new-password" required key={form.key('confirm')} {...form.getInputProps('confirm')} />
                {formError && (
                  <Alert color="red" role="alert" title="Could not set the password">
                    {formError}
                  </Alert>
                )}
                <Button type="submit" loading={submitting}>
                  Set password and sign in
                </Button>
              </>
            )}
            <Button component={Link} to="/sign-in" variant="subtle">
              Go to sign-in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
