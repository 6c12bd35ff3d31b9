/** Register a partner: every field labelled; the API's field errors appear at the field they name. */
import { Alert, Button, Group, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { applyProblemToForm } from '../../api/problem';
import { useApiMutation } from '../../api/query';
import { TIER_OPTIONS, useIdempotencyKey } from '../common';
import type { Tier } from '../common';

interface Values {
  name: string;
  contact_email: string;
  tier: Tier;
  password: string;
}

export function PartnerCreateForm({ onCreated, onCancel }: { onCreated: (partner: Schemas['PartnerResponse']) => void; onCancel?: () => void }) {
  const [key, renewKey] = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'uncontrolled',
    initialValues: { name: '', contact_email: '', tier: 'bronze', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the partner’s name'),
      contact_email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter an email address like sales@example.com'),
      password: (v) => (v === '' || v.length >= 8 ? null : 'At least 8 characters, or leave it empty'),
    },
  });
  const create = useApiMutation((body: Schemas['CreatePartnerDto']) =>
    api.POST('/api/partners', { body, params: { header: { 'Idempotency-Key': key } } }),
  );

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body: Schemas['CreatePartnerDto'] = { name: values.name.trim(), contact_email: values.contact_email.trim(), tier: values.tier };
    if (values.password) body.password = values.password;
    create.mutate(body, {
      onSuccess: (partner) => {
        renewKey();
        form.reset();
        onCreated(partner);
      },
      onError: (error) => setFormError(applyProblemToForm(form, error, { codes: { PARTNER_EMAIL_TAKEN: 'contact_email', USER_EMAIL_TAKEN: 'contact_email' } })),
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Register a partner">
      <Stack>
        <TextInput label="Name" withAsterisk autoComplete="organization" {...form.getInputProps('name')} key={form.key('name')} />
        <TextInput label="Contact email" type="email" withAsterisk autoComplete="off" {...form.getInputProps('contact_email')} key={form.key('contact_email')} />
        <Select label="Tier" description="Sets each product's commission rate for this partner" data={TIER_OPTIONS} allowDeselect={false} withAsterisk {...form.getInputProps('tier')} key={form.key('tier')} />
        <PasswordInput
          label="Portal password (optional)"
          description="With a password, the partner signs in to the portal with the contact email"
          autoComplete="new-password"
          {...form.getInputProps('password')}
          key={form.key('password')}
        />
        {formError && <Alert color="red" role="alert" title="The partner was not registered">{formError}</Alert>}
        <Group justify="flex-end">
          {onCancel && <Button variant="default" onClick={onCancel}>Cancel</Button>}
          <Button type="submit" loading={create.isPending}>Register partner</Button>
        </Group>
      </Stack>
    </form>
  );
}
