/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver's seccomp() steps (attach.c), each judged against the model.
 */
#ifndef FUZZ_ATTACH_H
#define FUZZ_ATTACH_H

void attach_step(void);
void stack_step(void);
void close_listener_step(void);
void misc_seccomp_step(void);

#endif /* FUZZ_ATTACH_H */
