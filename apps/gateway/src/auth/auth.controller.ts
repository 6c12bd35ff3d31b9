import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { AcceptInviteCommand, UserView, VerifyCredentialsCommand } from '@spiffworks/contracts';
import { Public, claimsFor } from '@spiffworks/auth';
import { ApiErrors } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { LoginResponse } from './auth.responses';
import { LoginThrottleInterceptor } from './login-throttle';

export class LoginDto implements VerifyCredentialsCommand {
  @ApiProperty({ format: 'email', maxLength: 320, example: 'admin@spiffworks.local' })
  @IsEmail() @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password', minLength: 1, maxLength: 128, example: 'spiffworks-admin' })
  @IsString() @MinLength(1) @MaxLength(128)
  password!: string;
}

export class AcceptInviteDto implements AcceptInviteCommand {
  @ApiProperty({ description: "The invite's token: what follows `#token=` in the invite link of invites.csv.", minLength: 1, maxLength: 100, example: '3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
  @IsString() @MinLength(1) @MaxLength(100)
  token!: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 128, description: 'The password the user chooses (the rules of `POST /api/partners`).', example: 'techcorp-portal-2025' })
  @IsString() @MinLength(8) @MaxLength(128)
  password!: string;
}

@Controller('api/auth')
@ApiTags('auth')
export class AuthController {
  constructor(
    private readonly services: PlatformServices,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @UseInterceptors(LoginThrottleInterceptor)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in (public)',
    description: 'Answers an access token and the user. Failed logins are limited, shared by every gateway replica: per account and client address (`LOGIN_RATE_LIMIT`), per client address (`LOGIN_RATE_LIMIT_PER_ADDRESS`) and per account from addresses it has not signed in from (`LOGIN_RATE_LIMIT_PER_ACCOUNT`), each per `LOGIN_RATE_WINDOW_SECONDS`; over a limit the answer is 429 with `Retry-After`.',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.INVALID_CREDENTIALS, 'Wrong email or password.', 'email or password is wrong'], ErrorCode.ACCOUNT_DISABLED, ErrorCode.TOO_MANY_LOGIN_ATTEMPTS, ErrorCode.UPSTREAM_FAILED, ErrorCode.SERVICE_UNAVAILABLE)
  async login(@Body() body: LoginDto): Promise<{ access_token: string; token_type: 'Bearer'; user: UserView }> {
    const user = await this.services.call(Rpc.partners.VerifyCredentials, body);
    return this.signedIn(user);
  }

  /**
   * The token is in the body, not the path: request paths are logged (the gateway's access log,
   * proxies), bodies are not, and the invite link carries it in the fragment, which no server sees.
   */
  @Public()
  @Post('invites/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept an invite and choose a password (public)',
    description:
      'A partner user a partner import invited (`GET /api/partners/imports/{id}/invites.csv`) sets its password with the token of its link; it becomes `active` and is signed in ' +
      '(the answer is the same as `POST /api/auth/login`, which it uses from then on with its contact email). An invite is used once and expires after `INVITE_TTL_HOURS`.',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.INVITE_NOT_FOUND, 'The token names no invite still waiting: unknown, already used or expired.', 'the invite is unknown, already used or expired: ask your program admin for a new one'], ErrorCode.UPSTREAM_FAILED, ErrorCode.SERVICE_UNAVAILABLE)
  async acceptInvite(@Body() body: AcceptInviteDto): Promise<{ access_token: string; token_type: 'Bearer'; user: UserView }> {
    return this.signedIn(await this.services.call(Rpc.partners.AcceptInvite, body));
  }

  private async signedIn(user: UserView): Promise<{ access_token: string; token_type: 'Bearer'; user: UserView }> {
    const access_token = await this.jwt.signAsync({ ...claimsFor(user) });
    return { access_token, token_type: 'Bearer', user };
  }
}
