"use client";
// A submit button that shows a spinner while its form's server action runs.
import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "./button.tsx";

export function SubmitButton({ pending, ...props }: ButtonProps) {
  const status = useFormStatus();
  return <Button type="submit" pending={pending || status.pending} {...props} />;
}
