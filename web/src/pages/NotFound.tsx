import { Link } from '@tanstack/react-router';

export function NotFound() {
  return (
    <div className="py-10 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <Link to="/boards" className="mt-2 inline-block text-indigo-700 underline">
        Back to boards
      </Link>
    </div>
  );
}
