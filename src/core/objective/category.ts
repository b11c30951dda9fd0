import { z } from 'zod';

/** The three kinds of outcome a healthy team set mixes. */
export const CategorySchema = z.enum(['customer', 'reliability', 'capability']);
export type Category = z.infer<typeof CategorySchema>;
export const CATEGORIES: readonly Category[] = CategorySchema.options;
