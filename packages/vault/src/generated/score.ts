import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CiphertextScore as _rune_vault_v1_CiphertextScore, CiphertextScore__Output as _rune_vault_v1_CiphertextScore__Output } from './rune/vault/v1/CiphertextScore.js';
import type { ScoreBlock as _rune_vault_v1_ScoreBlock, ScoreBlock__Output as _rune_vault_v1_ScoreBlock__Output } from './rune/vault/v1/ScoreBlock.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rune: {
    vault: {
      v1: {
        CiphertextScore: MessageTypeDefinition<_rune_vault_v1_CiphertextScore, _rune_vault_v1_CiphertextScore__Output>
        ScoreBlock: MessageTypeDefinition<_rune_vault_v1_ScoreBlock, _rune_vault_v1_ScoreBlock__Output>
      }
    }
  }
}

