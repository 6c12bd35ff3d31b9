import { createSecretKey } from 'node:crypto';
import { Module, ValidationPipe } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessGuard } from '@spiffworks/auth';
import { METRICS_SERVICE, PLATFORM_CONFIG, PlatformMetrics } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { AnalyticsController } from './analytics/analytics.controller';
import { DeadLettersController } from './admin/dead-letters.controller';
import { AuthController } from './auth/auth.controller';
import { LoginThrottle } from './auth/login-throttle';
import { CommissionsController } from './commissions/commissions.controller';
import { DisputesController } from './disputes/disputes.controller';
import { SalesController } from './fulfillment/sales.controller';
import { SaleImportsController } from './fulfillment/sale-imports.controller';
import { SaleAttachmentsController } from './fulfillment/sale-attachments.controller';
import { AssignmentsController } from './fulfillment/assignments.controller';
import { GatewayHealthController } from './health/health.controller';
import { GatewayMetricsController } from './health/metrics.controller';
import { PartnerImportsController } from './partners/partner-imports.controller';
import { PartnersController } from './partners/partners.controller';
import { ProblemDetailsFilter, validationFailed } from './platform/http-errors';
import { PlatformServices } from './platform/platform-services';
import { ProductsController } from './products/products.controller';
import { SpiffsController } from './spiffs/spiffs.controller';
import { ACCOUNT_ACCESS_PROVIDER } from './users/account-access';
import { UsersController } from './users/users.controller';

/** HTTP in, RPC out: validates requests, checks the token and role, and calls the services. */
@Module({})
export class GatewayAppModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse
        // it as a public key on every verification, which was a fifth of the gateway's CPU per request.
        JwtModule.register({ secret: createSecretKey(Buffer.from(config.JWT_SECRET)), signOptions: { expiresIn: config.JWT_EXPIRES_IN_SECONDS } }),
      ],
      controllers: [
        AuthController,
        UsersController,
        PartnerImportsController,
        PartnersController,
        ProductsController,
        SpiffsController,
        AssignmentsController,
        SalesController,
        SaleImportsController,
        SaleAttachmentsController,
        CommissionsController,
        DisputesController,
        AnalyticsController,
        GatewayHealthController,
        GatewayMetricsController,
        DeadLettersController,
      ],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: METRICS_SERVICE, useValue: 'gateway' },
        PlatformMetrics,
        PlatformServices,
        // The login limits, counted in Redis across replicas (LoginThrottleInterceptor on the login route).
        LoginThrottle,
        ACCOUNT_ACCESS_PROVIDER,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: validationFailed,
          }),
        },
      ],
    };
  }
}
