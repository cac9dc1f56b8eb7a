# QEMU netduinoplus2: STM32F405 (Cortex-M4F), USART1 console. QEMU models no STM32 Ethernet:
# no network on this board (board/README.md: how a SLIP/PPP link over a USART would add one).
set(board_sources "${board_dir}/usart.c")
set(board_ldscript "${board_dir}/netduinoplus2.ld")
set(board_qemu_machine "netduinoplus2")
set(board_has_network OFF)
# SYSCLK/HCLK as QEMU's STM32F405 model runs it (and as a PLL from the 8 MHz crystal would).
# SysTick on its external reference, HCLK/8 = 21 MHz (CLKSOURCE=0): 24 bits reach 0.8 s, where
# the 168 MHz core clock would reach only 0.1 s of tickless idle.
set(board_cpu_hz 168000000)
set(board_systick_hz 21000000)
set(board_systick_cpu_clock 0)
