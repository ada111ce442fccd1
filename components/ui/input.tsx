import { forwardRef, type InputHTMLAttributes, type SelectHTMLAttributes } from "react";
import { cx } from "./cx.ts";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none " +
  "aria-[invalid=true]:ring-red-600 disabled:bg-slate-100 disabled:text-slate-500";

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input({ className, ...props }, ref) {
  return <input ref={ref} className={cx(inputClass, className)} {...props} />;
});

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select({ className, ...props }, ref) {
  return <select ref={ref} className={cx(inputClass, "pr-8", className)} {...props} />;
});

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: React.ReactNode;
  description?: React.ReactNode;
}

/** A checkbox with its label and description beside it (the whole row is clickable). */
export const Checkbox = forwardRef<HTMLInputElement, CheckboxProps>(function Checkbox({ id, label, description, className, ...props }, ref) {
  const descriptionId = description && id ? `${id}-description` : undefined;
  return (
    <div className={cx("flex gap-3", className)}>
      <div className="flex h-6 items-center">
        <input
          ref={ref}
          id={id}
          type="checkbox"
          aria-describedby={descriptionId}
          className="size-4 rounded border-slate-400 text-indigo-600 accent-indigo-600 focus:ring-indigo-600"
          {...props}
        />
      </div>
      <div className="text-sm leading-6">
        <label htmlFor={id} className="font-medium text-slate-800">
          {label}
        </label>
        {description && (
          <p id={descriptionId} className="text-slate-600">
            {description}
          </p>
        )}
      </div>
    </div>
  );
});
