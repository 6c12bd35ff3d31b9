import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestProviders, mockApi, problem, signInAs } from '../../test/render';
import { PartnerCreateForm } from './PartnerCreateForm';

describe('PartnerCreateForm', () => {
  // Signed in: TestProviders' session clears the query cache of a signed-out user.
  beforeEach(() => void signInAs('admin'));
  afterEach(() => vi.unstubAllGlobals());

  it("shows the API's field error at the field it names, and keeps the form", async () => {
    const api = mockApi({
      'POST /api/partners': () => problem(400, 'VALIDATION_FAILED', 'name must be shorter than or equal to 200 characters', [{ field: 'name', reason: 'must be shorter than or equal to 200 characters' }]),
    });
    const onCreated = vi.fn();
    const user = userEvent.setup();
    render(<TestProviders><PartnerCreateForm onCreated={onCreated} /></TestProviders>);

    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'TechCorp Partners Inc.');
    await user.type(screen.getByRole('textbox', { name: /^Contact email/ }), 'sales@techcorp.example');
    await user.click(screen.getByRole('button', { name: 'Register partner' }));

    const name = screen.getByRole('textbox', { name: /^Name/ });
    expect(await screen.findByText('must be shorter than or equal to 200 characters')).toBeVisible();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription(/must be shorter than or equal to 200 characters/);
    expect(name).toHaveValue('TechCorp Partners Inc.');
    expect(api.calls('POST /api/partners')[0].body).toEqual({ name: 'TechCorp Partners Inc.', contact_email: 'sales@techcorp.example', tier: 'bronze' });
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('puts a taken contact email at the email field', async () => {
    mockApi({ 'POST /api/partners': () => problem(409, 'PARTNER_EMAIL_TAKEN', 'a partner with contact_email sales@techcorp.example already exists') });
    const user = userEvent.setup();
    render(<TestProviders><PartnerCreateForm onCreated={vi.fn()} /></TestProviders>);
    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'TechCorp');
    await user.type(screen.getByRole('textbox', { name: /^Contact email/ }), 'sales@techcorp.example');
    await user.click(screen.getByRole('button', { name: 'Register partner' }));
    expect(await screen.findByText('a partner with contact_email sales@techcorp.example already exists')).toBeVisible();
    expect(screen.getByRole('textbox', { name: /^Contact email/ })).toHaveAttribute('aria-invalid', 'true');
  });

  it('checks the fields before sending anything', async () => {
    const api = mockApi({});
    const user = userEvent.setup();
    render(<TestProviders><PartnerCreateForm onCreated={vi.fn()} /></TestProviders>);
    await user.click(screen.getByRole('button', { name: 'Register partner' }));
    expect(await screen.findByText('Enter the partner’s name')).toBeVisible();
    expect(screen.getByText('Enter an email address like sales@example.com')).toBeVisible();
    expect(api.calls()).toHaveLength(0);
  });
});
