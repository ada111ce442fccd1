import { describe, expect, it } from "vitest";
import { formatIp, ipAllowed, ipInCidr, parseCidr, parseIp } from "./cidr.ts";

describe("parseIp", () => {
  it("parses IPv4 and IPv6, ignoring a zone id", () => {
    expect(parseIp("192.168.1.10")).toEqual({ family: 4, bytes: Uint8Array.from([192, 168, 1, 10]) });
    expect(parseIp("::1")?.bytes).toEqual(Uint8Array.from([...new Array(15).fill(0), 1]));
    expect(parseIp("fe80::1%eth0")?.family).toBe(6);
  });

  it("rejects non-addresses", () => {
    for (const bad of ["", "1.2.3", "256.1.1.1", "1.2.3.4.5", "example.com", "::g", "1::2::3", "01.2.3.4"]) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });

  it("round-trips through formatIp in RFC 5952 form", () => {
    const cases: Array<[string, string]> = [
      ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
      ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
      ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
      ["::", "::"],
      ["::ffff:1.2.3.4", "::ffff:1.2.3.4"],
      ["::FFFF:0102:0304", "::ffff:1.2.3.4"],
      ["1:2:3:4:5:6:7.8.9.10", "1:2:3:4:5:6:708:90a"],
      ["10.0.0.1", "10.0.0.1"],
    ];
    for (const [input, output] of cases) expect(formatIp(parseIp(input)!), input).toBe(output);
  });
});

describe("parseCidr", () => {
  it("accepts IPv4 and IPv6 blocks and bare addresses", () => {
    expect(parseCidr("10.0.0.0/8")?.canonical).toBe("10.0.0.0/8");
    expect(parseCidr(" 192.168.1.7 ")?.canonical).toBe("192.168.1.7/32");
    expect(parseCidr("2001:db8::/32")?.canonical).toBe("2001:db8::/32");
    expect(parseCidr("::1")?.canonical).toBe("::1/128");
    expect(parseCidr("0.0.0.0/0")?.prefix).toBe(0);
    expect(parseCidr("::/0")?.prefix).toBe(0);
  });

  it("clears host bits", () => {
    expect(parseCidr("10.1.2.3/8")?.canonical).toBe("10.0.0.0/8");
    expect(parseCidr("192.168.1.130/25")?.canonical).toBe("192.168.1.128/25");
    expect(parseCidr("2001:db8:abcd:1234::1/48")?.canonical).toBe("2001:db8:abcd::/48");
  });

  it("rejects malformed blocks", () => {
    for (const bad of ["", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/8/8",
      "10.0.0.0/ 8", "10.0.0.0/0x8", "fe80::1%eth0/64", "localhost/8", "10.0.0.0/1000"]) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });
});

describe("ipInCidr", () => {
  it("matches IPv4", () => {
    expect(ipInCidr("10.20.30.40", "10.0.0.0/8")).toBe(true);
    expect(ipInCidr("11.0.0.1", "10.0.0.0/8")).toBe(false);
    expect(ipInCidr("192.168.1.127", "192.168.1.0/25")).toBe(true);
    expect(ipInCidr("192.168.1.128", "192.168.1.0/25")).toBe(false);
    expect(ipInCidr("203.0.113.9", "203.0.113.9")).toBe(true);
    expect(ipInCidr("203.0.113.10", "203.0.113.9/32")).toBe(false);
    expect(ipInCidr("8.8.8.8", "0.0.0.0/0")).toBe(true);
  });

  it("matches IPv6", () => {
    expect(ipInCidr("2001:db8::1", "2001:db8::/32")).toBe(true);
    expect(ipInCidr("2001:db9::1", "2001:db8::/32")).toBe(false);
    expect(ipInCidr("2001:db8:0:0:8000::", "2001:db8::/65")).toBe(false);
    expect(ipInCidr("2001:db8:0:0:7fff::", "2001:db8::/65")).toBe(true);
    expect(ipInCidr("::1", "::1/128")).toBe(true);
    expect(ipInCidr("fe80::1%eth0", "fe80::/10")).toBe(true);
  });

  it("treats IPv4-mapped IPv6 as the IPv4 address, both ways", () => {
    expect(ipInCidr("::ffff:10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(ipInCidr("::ffff:a01:203", "10.0.0.0/8")).toBe(true);
    expect(ipInCidr("::ffff:11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(ipInCidr("10.1.2.3", "::ffff:10.0.0.0/104")).toBe(true);
    expect(ipInCidr("11.1.2.3", "::ffff:10.0.0.0/104")).toBe(false);
    expect(ipInCidr("10.1.2.3", "::ffff:0:0/96")).toBe(true);
  });

  it("does not confuse other IPv6 addresses with IPv4", () => {
    // ::10.1.2.3 (IPv4-compatible, deprecated) and 64:ff9b::a01:203 (NAT64) are not mapped addresses.
    expect(ipInCidr("::10.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(ipInCidr("64:ff9b::a01:203", "10.0.0.0/8")).toBe(false);
    expect(ipInCidr("10.1.2.3", "2001:db8::/32")).toBe(false);
  });

  it("fails closed on garbage", () => {
    expect(ipInCidr("not-an-ip", "0.0.0.0/0")).toBe(false);
    expect(ipInCidr("1.2.3.4", "nonsense")).toBe(false);
    expect(ipInCidr("", "::/0")).toBe(false);
  });
});

describe("ipAllowed", () => {
  it("allows everyone with an empty list and checks each block otherwise", () => {
    expect(ipAllowed("1.2.3.4", [])).toBe(true);
    expect(ipAllowed("1.2.3.4", ["10.0.0.0/8", "1.2.3.0/24"])).toBe(true);
    expect(ipAllowed("1.2.4.4", ["10.0.0.0/8", "1.2.3.0/24"])).toBe(false);
    expect(ipAllowed("garbage", ["0.0.0.0/0"])).toBe(false);
  });
});
