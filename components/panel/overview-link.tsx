"use client";
// A link back to the org's overview from pages that do not receive the org as a prop (forbidden.tsx).
import Link from "next/link";
import { useParams } from "next/navigation";
import { buttonClass } from "@/components/ui/button.tsx";

export function OverviewLink() {
  const params = useParams<{ org: string }>();
  return (
    <Link href={`/${params.org}`} className={buttonClass("secondary")}>
      Back to the overview
    </Link>
  );
}
