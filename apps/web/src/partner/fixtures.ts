/** The seed's scenario as the API answers it, for component tests. */
import type { Schemas } from '../api/client';
import { TEST_PARTNER_ID } from '../test/render';

export const LAPTOP_ID = '3b9f1c2e-7a4d-4e8b-9c1f-2d3e4f5a6b7c';
export const SPIFF_ID = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const ASSIGNMENT_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

export const seedOpportunity: Schemas['OpportunityResponse'] = {
  assignment_id: ASSIGNMENT_ID,
  assignment_type: 'spiff',
  spiff: { id: SPIFF_ID, name: 'Q4 Laptop Promotion', description: 'Extra bonus for laptop sales', incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31', fund: null },
  products: [{ id: LAPTOP_ID, name: 'Test Laptop Pro', sku: 'LAPTOP-001', commission_rate: 12 }],
  target_quantity: 50,
  actual_quantity: 0,
  actual_revenue: 0,
  milestones: [],
  start_date: '2025-01-01',
  end_date: '2025-03-31',
  status: 'active',
};

export const seedSale: Schemas['SaleResponse'] = {
  id: 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e',
  partner_id: TEST_PARTNER_ID,
  product_id: LAPTOP_ID,
  product_name: 'Test Laptop Pro',
  quantity: 2,
  unit_price: 1000,
  revenue: 2000,
  sale_date: '2025-01-15',
  invoice_number: 'INV-2025-001',
  notes: null,
  commission_amount: 240,
  spiff_bonus: 200,
  total_commission: 440,
  returned_quantity: 0,
  commission_status: 'pending',
  spiffs_applied: [{ spiff_id: SPIFF_ID, name: 'Q4 Laptop Promotion', bonus: 200 }],
  created_at: '2025-01-15T10:30:00.000Z',
} as Schemas['SaleResponse'];
