/** "New invite link": a partner user still to choose its password gets a fresh link (the old ones stop working), shown once to copy. */
import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { useApiMutation } from '../../api/query';
import { formatTimestamp } from '../../format/format';
import { useDialogSubject } from '../../ui/dialog-subject';

type Partner = Schemas['PartnerResponse'];

export function NewInviteLinkDialog({ partner, onClose }: { partner: Partner | null; onClose: () => void }) {
  const issue = useApiMutation((id: string) => api.POST('/api/partners/{id}/invite', { params: { path: { id } } }));
  const close = () => {
    // The link is shown once: closing forgets it.
    issue.reset();
    onClose();
  };
  const invite = issue.data;
  const shown = useDialogSubject(partner);
  return (
    <Modal opened={partner !== null} onClose={close} title={shown ? `New invite link for ${shown.name}` : ''} centered size="lg">
      {invite ? (
        <Stack>
          <Text size="sm">
            Send this link to {invite.email}: it opens the portal, where they choose a password. It works until {formatTimestamp(invite.expires_at)} and is shown only now;
            treat it like a password.
          </Text>
          <TextInput label="Invite link" value={invite.invite_url} readOnly onFocus={(e) => e.currentTarget.select()} />
          <Group justify="flex-end">
            <CopyButton value={invite.invite_url}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Link copied' : 'Copy link'}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            For a partner user who has not chosen a password yet (its invite expired, or the link was lost). Every earlier link of the user stops working.
          </Text>
          {issue.isError && (
            <Alert color="red" role="alert">
              {errorMessage(issue.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button loading={issue.isPending} onClick={() => partner && issue.mutate(partner.id)}>Issue new link</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
