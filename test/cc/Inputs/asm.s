# asm.s - an assembly-only input: clang never runs its frontend on it.
	.text
	.globl asm_function
asm_function:
	ret
