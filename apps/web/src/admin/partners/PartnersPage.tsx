/** Partners: search and filter (paged on the server), register, approve, change tier, suspend, a new invite link. */
import { Alert, Button, Group, Menu, Modal, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { ProblemError, errorMessage } from '../../api/problem';
import { useApiMutation, useApiQuery } from '../../api/query';
import { formatTimestamp } from '../../format/format';
import { EmptyState, Pager, QueryState } from '../../ui/states';
import { useDialogSubject } from '../../ui/dialog-subject';
import { ConfirmDialog, NoticeAlert, PartnerStatusBadge, TIER_LABEL, TIER_OPTIONS, TierBadge, compact } from '../common';
import type { Notice, PartnerStatus, Tier } from '../common';
import { NewInviteLinkDialog } from './NewInviteLinkDialog';
import { PartnerCreateForm } from './PartnerCreateForm';

type Partner = Schemas['PartnerResponse'];
const PAGE_SIZE = 25;

export function PartnersPage() {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<PartnerStatus | null>(null);
  const [tier, setTier] = useState<Tier | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [tierOf, setTierOf] = useState<Partner | null>(null);
  const tierOfShown = useDialogSubject(tierOf);
  const [newTier, setNewTier] = useState<Tier | null>(null);
  // A refused tier change stays in its dialog: at the "New tier" field when the API names it, else above the buttons.
  const [tierError, setTierError] = useState<{ field: string | null; form: string | null }>({ field: null, form: null });
  const [suspending, setSuspending] = useState<Partner | null>(null);
  const suspendingShown = useDialogSubject(suspending);
  const [inviting, setInviting] = useState<Partner | null>(null);

  const partners = useApiQuery(['/api/partners', { page, status, tier, q }], () =>
    api.GET('/api/partners', { params: { query: { page, page_size: PAGE_SIZE, ...compact({ status: status ?? undefined, tier: tier ?? undefined, q }) } } }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['/api/partners'] });
  const done = (text: string) => {
    setNotice({ color: 'green', text });
    void refresh();
  };
  const failed = (error: unknown) => setNotice({ color: 'red', text: errorMessage(error) });

  const approve = useApiMutation((id: string) => api.POST('/api/partners/{id}/approve', { params: { path: { id } } }), {
    onSuccess: (p) => done(`${p.name} is approved: it now gets every running spiff that targets it.`),
    onError: failed,
  });
  const suspend = useApiMutation((id: string) => api.POST('/api/partners/{id}/suspend', { params: { path: { id } } }), {
    onSuccess: (p) => {
      setSuspending(null);
      done(`${p.name} is suspended: its users cannot sign in. Approve it to restore it.`);
    },
    onError: (error) => {
      setSuspending(null);
      failed(error);
    },
  });
  const changeTier = useApiMutation(({ id, tier: t }: { id: string; tier: Tier }) => api.PATCH('/api/partners/{id}', { params: { path: { id } }, body: { tier: t } }), {
    onSuccess: (p) => {
      setTierOf(null);
      done(`${p.name} is now ${TIER_LABEL[p.tier]}.`);
    },
    onError: (error) => {
      const atField = error instanceof ProblemError ? error.errors.filter((e) => e.field === 'tier') : [];
      const elsewhere = error instanceof ProblemError ? error.errors.filter((e) => e.field !== 'tier') : [];
      setTierError({
        field: atField.length > 0 ? atField.map((e) => e.reason).join('; ') : null,
        form: atField.length === 0 ? errorMessage(error) : elsewhere.length > 0 ? elsewhere.map((e) => `${e.field} ${e.reason}`).join('; ') : null,
      });
    },
  });
  const openTierDialog = (p: Partner) => {
    setTierError({ field: null, form: null });
    setTierOf(p);
    setNewTier(p.tier);
  };

  const filtersChanged = (apply: () => void) => {
    apply();
    setPage(1);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Partners</Title>
        <Button onClick={() => setCreating(true)}>Register a partner</Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Search" placeholder="Name or email" value={search} onChange={(e) => filtersChanged(() => setSearch(e.currentTarget.value))} style={{ flex: 1, minWidth: 220 }} />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={[{ value: 'pending', label: 'Pending' }, { value: 'approved', label: 'Approved' }, { value: 'suspended', label: 'Suspended' }]}
          value={status}
          onChange={(v) => filtersChanged(() => setStatus(v as PartnerStatus | null))}
        />
        <Select label="Tier" placeholder="Any tier" clearable data={TIER_OPTIONS} value={tier} onChange={(v) => filtersChanged(() => setTier(v as Tier | null))} />
      </Group>
      <NoticeAlert notice={notice} onClose={() => setNotice(null)} />
      <QueryState
        query={partners}
        loadingLabel="Loading partners…"
        isEmpty={(d) => d.total === 0}
        empty={
          <EmptyState title={q || status || tier ? 'No partner matches these filters' : 'No partners yet'}>
            {q || status || tier ? 'Clear a filter or search for something else.' : 'Register the first partner: it starts pending until you approve it.'}
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover aria-label="Partners">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Contact email</Table.Th>
                    <Table.Th>Tier</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Registered</Table.Th>
                    <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td><Text fw={500}>{p.name}</Text></Table.Td>
                      <Table.Td>{p.contact_email}</Table.Td>
                      <Table.Td><TierBadge tier={p.tier} /></Table.Td>
                      <Table.Td><PartnerStatusBadge status={p.status} /></Table.Td>
                      <Table.Td>{formatTimestamp(p.created_at)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          {p.status !== 'approved' && (
                            <Button size="xs" variant="light" color="green" loading={approve.isPending && approve.variables === p.id} onClick={() => approve.mutate(p.id)} aria-label={`Approve ${p.name}`}>
                              {p.status === 'suspended' ? 'Restore' : 'Approve'}
                            </Button>
                          )}
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button size="xs" variant="default" aria-label={`More actions for ${p.name}`}>More</Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => openTierDialog(p)}>Change tier</Menu.Item>
                              <Menu.Item onClick={() => setInviting(p)}>New invite link</Menu.Item>
                              {p.status === 'approved' && <Menu.Item color="red" onClick={() => setSuspending(p)}>Suspend</Menu.Item>}
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager total={data.total} page={page} pageSize={PAGE_SIZE} onChange={setPage} label="Partner pages" />
          </>
        )}
      </QueryState>

      <Modal opened={creating} onClose={() => setCreating(false)} title="Register a partner" centered>
        <PartnerCreateForm
          onCancel={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false);
            done(`${p.name} is registered and pending: approve it to let it take part.`);
          }}
        />
      </Modal>

      <Modal opened={tierOf !== null} onClose={() => setTierOf(null)} title={tierOfShown ? `Change the tier of ${tierOfShown.name}` : ''} centered>
        <Stack>
          <Text size="sm">Moved into a tier a running spiff targets, the partner is assigned at once; moved out, it keeps the assignments it has.</Text>
          <Select
            label="New tier"
            data={TIER_OPTIONS}
            value={newTier}
            onChange={(v) => {
              setNewTier(v as Tier | null);
              setTierError({ field: null, form: null });
            }}
            allowDeselect={false}
            error={tierError.field}
          />
          {tierError.form && (
            <Alert color="red" role="alert" title="The tier was not changed">
              {tierError.form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTierOf(null)}>Cancel</Button>
            <Button
              disabled={!newTier || newTier === tierOf?.tier}
              loading={changeTier.isPending}
              onClick={() => tierOf && newTier && changeTier.mutate({ id: tierOf.id, tier: newTier })}
            >
              Change tier
            </Button>
          </Group>
        </Stack>
      </Modal>

      <NewInviteLinkDialog partner={inviting} onClose={() => setInviting(null)} />

      <ConfirmDialog
        opened={suspending !== null}
        title={suspendingShown ? `Suspend ${suspendingShown.name}?` : ''}
        confirmLabel="Suspend partner"
        loading={suspend.isPending}
        onClose={() => setSuspending(null)}
        onConfirm={() => suspending && suspend.mutate(suspending.id)}
      >
        Its users can no longer sign in and it logs no sales; its assignments, sales and commission lines stay as they are. Approve it again to restore it.
      </ConfirmDialog>
    </Stack>
  );
}
