import type { Provider } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import { AccountAccessCache } from '@spiffworks/auth';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { PlatformServices } from '../platform/platform-services';

/**
 * The AccessGuard's view of account status: the partners service answers (user active, partner not
 * suspended), each answer kept ACCOUNT_STATUS_CACHE_SECONDS per user in this gateway process. So
 * a token of a user deactivated or of a partner suspended stops working within that many seconds
 * (30 at most), at the cost of one RPC per signed-in user and period per gateway replica.
 */
export const ACCOUNT_ACCESS_PROVIDER: Provider = {
  provide: AccountAccessCache,
  inject: [PlatformServices, PLATFORM_CONFIG],
  useFactory: (services: PlatformServices, config: PlatformConfig) =>
    new AccountAccessCache(
      (user_id) => services.call(Rpc.partners.AccountAccess, { user_id }),
      config.ACCOUNT_STATUS_CACHE_SECONDS * 1000,
    ),
};
