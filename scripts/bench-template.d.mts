/** The generated Packer templates the benchmarks (and some tests) run on. */
export function generateTemplate(bytes: number): string;
export function generateTemplateOfLines(lines: number): string;
