/* ARMv7-M context switch and the TLS thread-pointer helper. */
    .syntax unified
    .thumb

/* PendSV (lowest priority, so it only ever interrupts a thread): save r4-r11, EXC_RETURN and
 * (if the thread used the FPU, EXC_RETURN bit 4 clear) s16-s31 on the outgoing thread's stack;
 * the hardware (lazily) saved the rest. k_current is NULL only for the very first switch from
 * the boot context, which is never resumed. k_switch runs under the kernel lock (BASEPRI, value
 * K_ARCH_BASEPRI = 0x40 for K_IRQ_PRIO_KERNEL 2: kept in step by a static_assert in cpu.cpp);
 * zero-latency interrupts stay live throughout. */
    .section .text.PendSV_Handler, "ax", %progbits
    .global PendSV_Handler
    .type PendSV_Handler, %function
PendSV_Handler:
    mov r0, #0x40
    msr basepri, r0
    isb
    ldr r2, =k_current
    ldr r1, [r2]
    cbz r1, 1f
    mrs r0, psp
    tst lr, #0x10
    it eq
    vstmdbeq r0!, {s16-s31}
    stmdb r0!, {r4-r11, lr}
    str r0, [r1]
1:
    bl k_switch
    ldr r0, [r0]
    ldmia r0!, {r4-r11, lr}
    tst lr, #0x10
    it eq
    vldmiaeq r0!, {s16-s31}
    msr psp, r0
    mov r0, #0
    msr basepri, r0
    bx lr
    .size PendSV_Handler, . - PendSV_Handler

/* Returns the current thread's TLS pointer; clobbers only r0 (EABI requirement). */
    .section .text.__aeabi_read_tp, "ax", %progbits
    .global __aeabi_read_tp
    .type __aeabi_read_tp, %function
__aeabi_read_tp:
    ldr r0, =k_current
    ldr r0, [r0]
    ldr r0, [r0, #4]
    bx lr
    .size __aeabi_read_tp, . - __aeabi_read_tp
