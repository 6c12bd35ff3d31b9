import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Rpc } from '@spiffworks/contracts';
import type { UserView } from '@spiffworks/contracts';
import { Public, claimsFor } from '@spiffworks/auth';
import { PlatformServices } from '../platform/platform-services';
import { LoginThrottleGuard } from './login-throttle';

export class LoginDto {
  @IsEmail() @MaxLength(320)
  email!: string;

  @IsString() @MinLength(1) @MaxLength(128)
  password!: string;
}

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly services: PlatformServices,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto): Promise<{ access_token: string; token_type: 'Bearer'; user: UserView }> {
    const user = await this.services.call<UserView>('partners', Rpc.partners.VerifyCredentials, body);
    const access_token = await this.jwt.signAsync({ ...claimsFor(user) });
    return { access_token, token_type: 'Bearer', user };
  }
}
