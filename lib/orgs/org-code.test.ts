// Org code rules (pure: no database).
import { describe, expect, it } from "vitest";
import { describeOrgCodeProblem, isValidOrgCode, OrgCodeInput, RESERVED_ORG_CODES } from "./orgs.ts";

describe("org codes", () => {
  it("accepts lower-case letters, digits and inner dashes, 2–40 characters", () => {
    for (const code of ["ab", "a1", "9z", "acme", "acme-health", "a-b-c", "x".repeat(40), "0123", "my--org"]) {
      expect(isValidOrgCode(code), code).toBe(true);
    }
  });

  it("rejects bad length, characters and edges with a precise message", () => {
    expect(describeOrgCodeProblem("a")).toMatch(/2–40 characters/);
    expect(describeOrgCodeProblem("x".repeat(41))).toMatch(/2–40 characters/);
    expect(describeOrgCodeProblem("")).toMatch(/2–40 characters/);
    for (const code of ["Acme", "ac me", "acme_h", "acme.io", "émile", "ac/me", "a%20"]) {
      expect(describeOrgCodeProblem(code), code).toMatch(/only lower-case letters, digits and '-'/);
    }
    for (const code of ["-acme", "acme-", "--", "-a-"]) {
      expect(describeOrgCodeProblem(code), code).toMatch(/start and end with a letter or digit/);
    }
  });

  it("reserves the app's own top-level paths", () => {
    for (const code of ["api", "_next", "static", "public", "favicon.ico", "robots.txt", "login", "logout", "docs",
      "health", "admin", "assets", "images", "v2", "new", "settings"]) {
      expect(RESERVED_ORG_CODES.has(code), code).toBe(true);
      expect(isValidOrgCode(code), code).toBe(false);
    }
    expect(describeOrgCodeProblem("api")).toMatch(/reserved/);
    expect(describeOrgCodeProblem("settings")).toMatch(/reserved/);
    expect(isValidOrgCode("apis")).toBe(true);
  });

  it("OrgCodeInput trims, then applies the same rules", () => {
    expect(OrgCodeInput.parse("  acme ")).toBe("acme");
    const result = OrgCodeInput.safeParse("API");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/lower-case/);
    expect(OrgCodeInput.safeParse(undefined).error?.issues[0].message).toBe("Org code is required.");
  });
});
