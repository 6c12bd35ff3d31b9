import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Rpc } from '@spiffworks/contracts';
import type { UserView } from '@spiffworks/contracts';
import { Public, claimsFor } from '@spiffworks/auth';
import { ApiErrors } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { LoginResponse } from './auth.responses';
import { LoginThrottleGuard } from './login-throttle';

export class LoginDto {
  @ApiProperty({ format: 'email', maxLength: 320, example: 'admin@spiffworks.local' })
  @IsEmail() @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password', minLength: 1, maxLength: 128, example: 'spiffworks-admin' })
  @IsString() @MinLength(1) @MaxLength(128)
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
  @UseGuards(LoginThrottleGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in (public)',
    description: 'Answers an access token and the user. Attempts are limited per client IP and email (`LOGIN_RATE_LIMIT` per `LOGIN_RATE_WINDOW_SECONDS`).',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, [401, 'Wrong email or password.', 'email or password is wrong'], 429, 502, 503)
  async login(@Body() body: LoginDto): Promise<{ access_token: string; token_type: 'Bearer'; user: UserView }> {
    const user = await this.services.call<UserView>('partners', Rpc.partners.VerifyCredentials, body);
    const access_token = await this.jwt.signAsync({ ...claimsFor(user) });
    return { access_token, token_type: 'Bearer', user };
  }
}
