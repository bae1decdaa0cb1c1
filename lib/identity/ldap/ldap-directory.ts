// Talks to one LDAP/AD directory with ldapts: connect (ldaps or StartTLS with the provider's CA),
// bind as the service account, find a user by login or stable id, check a password by binding as
// the user, resolve groups (nested where configured). Every filter is built from an escaped value.
import { Client, InvalidCredentialsError, type Entry } from "ldapts";
import type { LdapSettings } from "./ldap-settings";
import { escapeFilterValue, fillFilter } from "./ldap-settings";

export interface DirectoryUser {
  dn: string;
  externalId: string;
  username: string;
  email: string;
  name: string;
}

export interface DirectoryGroup {
  dn: string;
  name: string;
}

export class DirectoryUnavailable extends Error {}
export class DirectoryBindFailed extends Error {}

function first(v: Entry[string] | undefined): string {
  const x = Array.isArray(v) ? v[0] : v;
  if (x === undefined) return "";
  return Buffer.isBuffer(x) ? x.toString("hex") : String(x);
}

function tlsOptions(s: LdapSettings) {
  return { ...(s.caCert.trim() ? { ca: [s.caCert] } : {}), minVersion: "TLSv1.2" as const };
}

export class LdapDirectory {
  private client: Client;
  constructor(
    private readonly s: LdapSettings,
    private readonly bindPassword: string,
  ) {
    const url = s.url.replace(/\/$/, "");
    // tlsOptions only for ldaps://: given for ldap://, ldapts breaks the later StartTLS upgrade.
    this.client = new Client({ url, timeout: s.timeoutMs, connectTimeout: s.timeoutMs, ...(url.startsWith("ldaps:") ? { tlsOptions: tlsOptions(s) } : {}) });
  }

  /** Connects and binds as the service account. */
  async open(): Promise<void> {
    try {
      if (this.s.startTls) await this.client.startTLS(tlsOptions(this.s));
      await this.bindService();
    } catch (e) {
      await this.close();
      if (e instanceof DirectoryBindFailed) throw e;
      throw new DirectoryUnavailable(e instanceof Error ? e.message : String(e));
    }
  }

  private async bindService(): Promise<void> {
    try {
      await this.client.bind(this.s.bindDn, this.bindPassword);
    } catch (e) {
      if (e instanceof InvalidCredentialsError) throw new DirectoryBindFailed("The service account's bind was refused (wrong bind DN or password).");
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }

  private binaryId(): string[] {
    return /^objectguid$/i.test(this.s.idAttribute) ? [this.s.idAttribute] : [];
  }

  private toUser(e: Entry): DirectoryUser {
    const username = first(e[this.s.usernameAttribute]);
    return {
      dn: e.dn,
      externalId: first(e[this.s.idAttribute]),
      username,
      email: first(e[this.s.emailAttribute]).toLowerCase(),
      name: first(e[this.s.nameAttribute]) || username,
    };
  }

  private async searchUsers(filter: string): Promise<DirectoryUser[]> {
    const s = this.s;
    const r = await this.client.search(s.userBase, {
      scope: "sub",
      filter,
      sizeLimit: 2,
      timeLimit: Math.ceil(s.timeoutMs / 1000),
      attributes: [s.usernameAttribute, s.emailAttribute, s.nameAttribute, s.idAttribute],
      explicitBufferAttributes: this.binaryId(),
    });
    return r.searchEntries.map((e) => this.toUser(e)).filter((u) => u.externalId);
  }

  /** The one user the login names, or null (none, or ambiguous). */
  async findByLogin(login: string): Promise<DirectoryUser | null> {
    const found = await this.searchUsers(fillFilter(this.s.userFilter, { username: login }));
    return found.length === 1 ? found[0] : null;
  }

  /** The user with this stable id, or null. */
  async findById(externalId: string): Promise<DirectoryUser | null> {
    let filter: string;
    if (this.binaryId().length) {
      // objectGUID is binary: every byte escaped.
      filter = `(${this.s.idAttribute}=${externalId.replace(/../g, (h) => "\\" + h)})`;
    } else filter = `(${this.s.idAttribute}=${escapeFilterValue(externalId)})`;
    const found = await this.searchUsers(filter);
    return found.length === 1 ? found[0] : null;
  }

  async isDisabled(user: DirectoryUser): Promise<boolean> {
    if (!this.s.disabledFilter) return false;
    const r = await this.client.search(user.dn, { scope: "base", filter: this.s.disabledFilter, attributes: ["dn"] });
    return r.searchEntries.length > 0;
  }

  /** True when the password binds as the user. The service bind is restored afterwards. */
  async checkPassword(user: DirectoryUser, password: string): Promise<boolean> {
    if (!password) return false; // an empty password would be an anonymous bind
    try {
      await this.client.bind(user.dn, password);
      return true;
    } catch (e) {
      if (e instanceof InvalidCredentialsError) return false;
      throw e;
    } finally {
      await this.bindService();
    }
  }

  /** The user's groups (DN and name), nested groups followed up to 10 levels. */
  async groupsOf(user: DirectoryUser): Promise<DirectoryGroup[]> {
    const s = this.s;
    if (!s.groupBase) return [];
    const seen = new Map<string, DirectoryGroup>();
    let frontier = [user.dn];
    for (let depth = 0; depth < 10 && frontier.length; depth++) {
      const next: string[] = [];
      for (const dn of frontier) {
        const r = await this.client.search(s.groupBase, {
          scope: "sub",
          filter: fillFilter(s.groupFilter, { dn, username: user.username }),
          attributes: [s.groupNameAttribute],
          sizeLimit: 1000,
        });
        for (const e of r.searchEntries) {
          const key = e.dn.toLowerCase();
          if (seen.has(key)) continue;
          seen.set(key, { dn: e.dn, name: first(e[s.groupNameAttribute]) });
          next.push(e.dn);
        }
      }
      if (!s.nestedGroups) break;
      frontier = next;
    }
    return [...seen.values()];
  }
}
