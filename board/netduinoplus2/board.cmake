# QEMU netduinoplus2: STM32F405 (Cortex-M4F), USART1 console. QEMU models no STM32 Ethernet:
# no network on this board (board/README.md: how a SLIP/PPP link over a USART would add one).
set(board_sources "${board_dir}/usart.c")
set(board_ldscript "${board_dir}/netduinoplus2.ld")
set(board_qemu_machine "netduinoplus2")
set(board_has_network OFF)
