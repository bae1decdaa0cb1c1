export interface UserDto {
  id: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  disabled: boolean;
  createdAt: string;
}

export function toUserDto(u: { id: string; email: string; name: string; platformAdmin: boolean; disabled: boolean; createdAt: Date }): UserDto {
  return { id: u.id, email: u.email, name: u.name, platformAdmin: u.platformAdmin, disabled: u.disabled, createdAt: u.createdAt.toISOString() };
}
