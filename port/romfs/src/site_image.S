/* The site's ROMFS image (genromfs output) in flash, 16-byte aligned as ROMFS expects. The
 * path comes from CMake (MCUSTD_SITE_IMAGE); the object is rebuilt when the image changes. */
    .section .rodata.mcustd_site_image, "a"
    .balign 16
    .global mcustd_site_image_start
    .global mcustd_site_image_end
mcustd_site_image_start:
    .incbin MCUSTD_SITE_IMAGE_PATH
mcustd_site_image_end:
    .section .note.GNU-stack, "", %progbits
