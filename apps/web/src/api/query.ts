/**
 * TanStack Query over the typed client. Query keys start with the API path, so
 * `queryClient.invalidateQueries({ queryKey: ['/api/fulfillment/sales/my-sales'] })` refreshes a list.
 *
 *   const sales = useApiQuery(['/api/fulfillment/sales/my-sales', page], () =>
 *     api.GET('/api/fulfillment/sales/my-sales', { params: { query: { page, page_size: 20 } } }));
 *
 *   const logSale = useApiMutation((body: Schemas['LogSaleDto']) => api.POST('/api/fulfillment/sales', { body }));
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { QueryKey, UseMutationOptions, UseQueryOptions } from '@tanstack/react-query';
import { unwrap } from './problem';
import type { ProblemError } from './problem';

type Call<D> = () => Promise<{ data?: D; error?: unknown; response: Response }>;

export function useApiQuery<D>(
  queryKey: QueryKey,
  call: Call<D>,
  options: Omit<UseQueryOptions<D, ProblemError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<D, ProblemError>({ queryKey, queryFn: () => unwrap(call()), placeholderData: keepPreviousData, ...options });
}

export function useApiMutation<D, V>(
  call: (variables: V) => Promise<{ data?: D; error?: unknown; response: Response }>,
  options: Omit<UseMutationOptions<D, ProblemError, V>, 'mutationFn'> = {},
) {
  return useMutation<D, ProblemError, V>({ mutationFn: (variables) => unwrap(call(variables)), ...options });
}
