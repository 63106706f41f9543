package com.example.footfall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BusiestStoreTest {

    @Test
    void parisIsTheBusiestStoreOfTheOriginalNetwork() {
        // Paris has 20 doors of 7,000 visits an hour on average; London, the next, 8 doors of 11,000.
        assertEquals("Paris", BusiestStore.of(LocalDate.of(2024, 12, 1)));
    }
}
