/** Staff users: create an admin or an analyst; deactivate or reactivate any user (never yourself). */
import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { applyProblemToForm, errorMessage } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { useSession } from '../../auth/session';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { useDialogSubject } from '../../ui/dialog-subject';
import { ConfirmDialog, NoticeAlert, UserStatusBadge, compact, useIdempotencyKey } from '../common';
import type { Notice } from '../common';

type User = Schemas['UserResponse'];
type Role = User['role'];
const PAGE_SIZE = 25;
const ROLE_LABEL: Record<Role, string> = { admin: 'Admin', analyst: 'Analyst', partner: 'Partner user' };

function StaffUserForm({ onCreated, onCancel }: { onCreated: (u: User) => void; onCancel: () => void }) {
  const [key, renewKey] = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '', role: 'analyst' as 'admin' | 'analyst' },
    validate: {
      email: (v: string) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter an email address'),
      password: (v: string) => (v.length >= 8 ? null : 'At least 8 characters'),
    },
  });
  const create = useApiMutation((body: Schemas['CreateStaffUserDto']) => api.POST('/api/users', { body, params: { header: { 'Idempotency-Key': key } } }));
  const submit = form.onSubmit((v) => {
    setFormError(null);
    create.mutate({ email: v.email.trim(), password: v.password, role: v.role }, {
      onSuccess: (u) => {
        renewKey();
        onCreated(u);
      },
      onError: (error) => setFormError(applyProblemToForm(form, error, { codes: { USER_EMAIL_TAKEN: 'email' } })),
    });
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Create a staff user">
      <Stack>
        <TextInput label="Email" type="email" withAsterisk autoComplete="off" {...form.getInputProps('email')} key={form.key('email')} />
        <PasswordInput label="Password" withAsterisk description="At least 8 characters; share it with the person safely" autoComplete="new-password" {...form.getInputProps('password')} key={form.key('password')} />
        <Select
          label="Role"
          withAsterisk
          allowDeselect={false}
          data={[{ value: 'analyst', label: 'Analyst: reads analytics' }, { value: 'admin', label: 'Admin: runs the program' }]}
          {...form.getInputProps('role')}
          key={form.key('role')}
        />
        <Text size="xs" c="dimmed">Partner users come with their partner (register the partner with a portal password).</Text>
        {formError && <Alert color="red" role="alert" title="The user was not created">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={create.isPending}>Create user</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function UsersPage() {
  const queryClient = useQueryClient();
  const { session } = useSession();
  const me = session?.user.id;
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<'active' | 'inactive' | 'invited' | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const deactivatingShown = useDialogSubject(deactivating);
  const [notice, setNotice] = useState<Notice | null>(null);
  const users = useApiQuery(['/api/users', { page, role, status, q }], () =>
    api.GET('/api/users', { params: { query: { page, page_size: PAGE_SIZE, ...compact({ role: role ?? undefined, status: status ?? undefined, q }) } } }),
  );
  const setUserStatus = useApiMutation(({ id, status: s }: { id: string; status: 'active' | 'inactive' }) => api.PATCH('/api/users/{id}', { params: { path: { id } }, body: { status: s } }), {
    onSuccess: (u) => {
      setDeactivating(null);
      setNotice({ color: 'green', text: u.status === 'active' ? `${u.email} can sign in again.` : `${u.email} is deactivated: it cannot sign in, and its sessions end within 30 seconds.` });
      void queryClient.invalidateQueries({ queryKey: ['/api/users'] });
    },
    onError: (error) => {
      setDeactivating(null);
      setNotice({ color: 'red', text: errorMessage(error) });
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Users</Title>
        <Button onClick={() => setCreating(true)}>Create a staff user</Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Search" placeholder="Email" value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} style={{ flex: 1, minWidth: 220 }} />
        <Select label="Role" placeholder="Any role" clearable data={(['admin', 'analyst', 'partner'] as const).map((r) => ({ value: r, label: ROLE_LABEL[r] }))} value={role} onChange={(v) => { setRole(v as Role | null); setPage(1); }} />
        <Select label="Status" placeholder="Any status" clearable data={[{ value: 'active', label: 'Active' }, { value: 'invited', label: 'Invited' }, { value: 'inactive', label: 'Inactive' }]} value={status} onChange={(v) => { setStatus(v as 'active' | 'inactive' | 'invited' | null); setPage(1); }} />
      </Group>
      <NoticeAlert notice={notice} onClose={() => setNotice(null)} />
      <QueryState query={users} loadingLabel="Loading users…" isEmpty={(d) => d.total === 0} empty={<EmptyState title="No user matches these filters" />}>
        {(data) => (
          <>
            <Table striped aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{u.email}{u.id === me && <Text span size="xs" c="dimmed"> (you)</Text>}</Table.Td>
                    <Table.Td>{ROLE_LABEL[u.role]}</Table.Td>
                    <Table.Td><UserStatusBadge status={u.status} /></Table.Td>
                    <Table.Td>
                      {u.id === me ? (
                        <Text size="xs" c="dimmed">Your own account</Text>
                      ) : u.status !== 'inactive' ? (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeactivating(u)} aria-label={`Deactivate ${u.email}`}>Deactivate</Button>
                      ) : (
                        <Button size="xs" variant="light" loading={setUserStatus.isPending && setUserStatus.variables?.id === u.id} onClick={() => setUserStatus.mutate({ id: u.id, status: 'active' })} aria-label={`Reactivate ${u.email}`}>Reactivate</Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="User pages" />
          </>
        )}
      </QueryState>
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create a staff user" centered>
        <StaffUserForm
          onCancel={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setNotice({ color: 'green', text: `${u.email} (${ROLE_LABEL[u.role]}) can sign in now.` });
            void queryClient.invalidateQueries({ queryKey: ['/api/users'] });
          }}
        />
      </Modal>
      <ConfirmDialog
        opened={deactivating !== null}
        title={deactivatingShown ? `Deactivate ${deactivatingShown.email}?` : ''}
        confirmLabel="Deactivate"
        loading={setUserStatus.isPending}
        onClose={() => setDeactivating(null)}
        onConfirm={() => deactivating && setUserStatus.mutate({ id: deactivating.id, status: 'inactive' })}
      >
        The user can no longer sign in, and its open sessions stop working within 30 seconds. You can reactivate it later.
      </ConfirmDialog>
    </Stack>
  );
}
